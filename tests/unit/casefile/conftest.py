from tests.support.casefile_world import world, ws_b

__all__ = ["world", "ws_b"]
