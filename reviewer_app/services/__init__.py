"""The use cases, grouped by area. Synchronous, Qt-free; raise only ReviewerError kinds.

Each area is a package whose ``__init__`` is its public face; an area uses only
the areas below it (import-linter's "Service areas point down"), top to bottom:
demo; case_view and casefile; decision; checklist; evidence; intake; cases;
audit and setup; access; workspace and kit. docs/architecture.md says more.
"""
