"""Case pages registered by feature modules (see ``ui.features``)."""
