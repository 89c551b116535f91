"""age identities and streams, CMS signatures, trust anchors, certificates."""
