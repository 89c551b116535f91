"""One module per use case. Synchronous, Qt-free; raise only ReviewerError kinds."""
