"""Where a check is discussed: candidate passages from the vector store and BM25, fused by rank."""
