"""The glossary's rule, checked over every service: a parameter named ``actor`` is an
``Actor`` (never a user name), and a service that takes the workspace takes the
actor right after it, positionally (``decide(ws, actor, case_key, ...)``)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import reviewer_app.services as services


def service_functions() -> list[tuple[str, object]]:
    found = []
    for info in pkgutil.walk_packages(services.__path__, "reviewer_app.services."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == info.name:
                found.append((f"{info.name}.{name}", value))
    return found


def test_there_are_many_services() -> None:
    assert len(service_functions()) > 200


def test_actor_is_an_actor_and_comes_second() -> None:
    wrong = []
    for name, fn in service_functions():
        params = list(inspect.signature(fn).parameters.values())  # type: ignore[arg-type]
        actor = next((p for p in params if p.name == "actor"), None)
        if actor is None:
            continue
        if actor.annotation != "Actor":  # the modules use postponed annotations
            wrong.append(f"{name}: actor is {actor.annotation}")
        if params[0].name == "ws" and (params[1] is not actor or actor.kind is actor.KEYWORD_ONLY):
            wrong.append(f"{name}: actor is not the second positional parameter")
    assert wrong == []
