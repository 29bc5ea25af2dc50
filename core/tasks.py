"""The tasks backend: django-tasks-db, with its one INSERT per task written by core.queries.insert_one.

A registration queues the task that sends the receipt, in its own transaction; django-tasks-db writes that row
with `DBTaskResult.objects.create`, whose query compilation costs more Python than the rest of the enqueue. The
row, its id and every value are the library's own; only the INSERT is built once instead of on every call.
"""

from typing import Any

from django_tasks_db.backend import DatabaseBackend as LibraryDatabaseBackend
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult

from core.queries import Together, insert_one


class DatabaseBackend(LibraryDatabaseBackend):
    def _task_to_db_task(self, task: Any, args: Any, kwargs: Any) -> DBTaskResult:
        return insert_one(self._db_task(task, args, kwargs))

    def enqueue_together(self, task: Any, args: Any, kwargs: Any, together: Together) -> None:
        """As enqueue, with the task's row written with the caller's other writes (core.queries.Together), so that
        it commits, or rolls back, with them. `task_enqueued` is sent once the row is written."""
        self.validate_task(task)
        row = self._db_task(task, args, kwargs)
        together.insert(row)

        def sent() -> None:
            task_enqueued.send(type(self), task_result=row.task_result)

        together.on_sent(sent)

    def _db_task(self, task: Any, args: Any, kwargs: Any) -> DBTaskResult:
        """The task's row, not yet written, with the library's own id and values."""
        return DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
