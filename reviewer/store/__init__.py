"""Storage: the embedding model, the vector store (the only place that imports chromadb) and the
stored originals and derived files of each contract set."""
