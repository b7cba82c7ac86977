from tests.accounts.conftest import on_commit_runs_immediately  # noqa: F401  (emails go out at once)
