"""The headless command line over the services (``shared/spec/cli.md``)."""
