"""What other apps remove with a record: the one place a deletion reaches beyond what cascades.

Rows that point at a case with `on_delete=CASCADE` go with it by themselves. What does not (rows kept apart without
a foreign key, registrations at another system, files elsewhere) is removed by a hook: a function that takes the
record class and the ids being deleted and removes its own rows, inside the deleting transaction. An app registers
its hook in its AppConfig.ready():

    from retention.hooks import register_deletion_hook
    register_deletion_hook(webhooks.retention.forget_cases)

The webhooks (not built yet) must register one that removes queued deliveries and subscriptions of the cases,
so that nothing about a deleted case is sent after it is gone.
"""

from collections.abc import Callable, Sequence

DeletionHook = Callable[[str, Sequence[int]], None]

_hooks: list[DeletionHook] = []


def register_deletion_hook(hook: DeletionHook) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


def unregister_deletion_hook(hook: DeletionHook) -> None:
    if hook in _hooks:
        _hooks.remove(hook)


def run_deletion_hooks(record_class: str, ids: Sequence[int]) -> None:
    for hook in list(_hooks):
        hook(record_class, ids)
