import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from backend.jobs.periodic import enqueue_due


class Command(BaseCommand):
    help = (
        "The background worker: enqueues due periodic tasks (settings.PERIODIC_TASKS) and runs queued tasks "
        "(django-tasks' database backend). `make run` starts one; compose runs it as `worker`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds to sleep when the queue is empty")
        parser.add_argument("--once", action="store_true", help="enqueue due tasks, run the queue empty, then exit")

    def handle(self, *args, **options):
        self.running = True

        def stop(signum, frame):
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while self.running:
            enqueue_due()
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="run_worker",
                excluded_queue_names=[],
            ).run()
            if options["once"]:
                return
            time.sleep(options["interval"])
            # A long-lived worker drops connections the database closed or that outlived CONN_MAX_AGE, between
            # rounds only: a --once run may sit inside its caller's transaction, whose connection must stay open.
            close_old_connections()
