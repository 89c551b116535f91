from tests.support.import_fixtures import spec, test_pki, ws, ws_template

__all__ = ["spec", "test_pki", "ws", "ws_template"]
