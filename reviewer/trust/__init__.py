"""The trust layer: who may do what (users, roles, shares), what was done (a hash-chained audit
log), deletion with a receipt, document-integrity findings, egress checks and ``reviewer doctor``.

Everything here is local: files under the data dir, no network.
"""
