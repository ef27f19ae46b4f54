"""The app under test for the HTTP benchmark: `python -m bench.serve PORT DSN` serves create_app
on 127.0.0.1 with uvicorn (one worker, as `placement serve` does)."""

from __future__ import annotations

import sys

import uvicorn

from placement.app import create_app
from placement.settings import Settings


def main() -> None:
    port, dsn = int(sys.argv[1]), sys.argv[2]
    settings = Settings.from_env().replace(database_url=dsn, port=port, pool_max_size=10)
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
