"""Child processes for the kill tests without paying Python's start and our imports for every child.

The crash, passphrase-kill and autosave tests start a CLI command (or tests/robustness/crash_child.py) dozens of
times and SIGKILL it at a random point. A fresh `python -m sspdesk.cli` spends about 0.8 s of CPU importing the
program and 0.25 s per key derivation before it touches the vault – most of each child's cost, and nothing the
tests are about. Here one *fork server* process imports the program once; every child is an `os.fork()` of it that
then runs the same `__main__` with its own argv, environment and pipes, as `subprocess.Popen` would have started
it. The child is a real, separate process that opens the vault file itself and dies by a real SIGKILL, so what the
tests prove (a kill at any moment leaves the vault whole) is unchanged; only the start-up is shared.

Key derivations can be paid once in the server (`warm`): its children inherit the memo of
`templates.fast_key_derivation` – the same key, computed once – exactly as the test process itself uses it. A
passphrase or salt that was not warmed is derived the full way.

The server forks a small waiter per child, which forks the child, reports its pid and, when it ends, its exit code
(negative signal number, as Popen's `returncode`) through a status pipe the test holds. `ForkedProcess` offers the
part of `subprocess.Popen` the tests use: `pid`, `stdout`, `stderr`, `returncode`, `poll`, `wait`,
`send_signal`, `kill` and `communicate`. Linux and macOS only (fork); the kill tests are skipped on Windows anyway.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import runpy
import select
import signal
import socket
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

_TESTS = Path(__file__).resolve().parents[1]


class ForkedProcess:
    """A child of the fork server, with the part of `subprocess.Popen`'s interface the kill tests use."""

    def __init__(self, args: Sequence[str], pid: int, stdout: IO[bytes], stderr: IO[bytes], status: IO[bytes]):
        self.args = list(args)
        self.pid = pid
        self.stdout = stdout
        self.stderr = stderr
        self._status = status
        self.returncode: int | None = None

    def _read_status(self, timeout: float | None) -> None:
        if self.returncode is not None:
            return
        ready, _, _ = select.select([self._status], [], [], timeout)
        if not ready:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        line = self._status.readline()
        # An empty line: the waiter itself died (it never should), so the child's fate is unknown.
        self.returncode = int(line) if line.strip() else -signal.SIGKILL
        self._status.close()

    def poll(self) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._read_status(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._read_status(timeout)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:  # as Popen: never signal a pid that may already belong to someone else
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
        """Everything left on stdout and stderr (until the child has closed them), then its exit."""
        chunks: dict[int, list[bytes]] = {}
        streams = [s for s in (self.stdout, self.stderr) if s is not None and not s.closed]
        while streams:
            ready, _, _ = select.select(streams, [], [], timeout)
            if not ready:
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            for stream in ready:
                data = os.read(stream.fileno(), 65536)
                if data:
                    chunks.setdefault(id(stream), []).append(data)
                else:
                    streams.remove(stream)
                    stream.close()
        self.wait(timeout)
        return b"".join(chunks.get(id(self.stdout), [])), b"".join(chunks.get(id(self.stderr), []))


class ForkServer:
    """One server process with `preload` imported; `start` forks a child of it running a module or a script."""

    def __init__(self, preload: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        environment = dict(os.environ if env is None else env)
        path = [str(_TESTS), environment.get("PYTHONPATH", "")]
        environment["PYTHONPATH"] = os.pathsep.join(p for p in path if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "support.forkserver", str(theirs.fileno()), *preload],
            pass_fds=[theirs.fileno()],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
        )
        theirs.close()
        self._socket = ours
        assert self._process.stdout is not None
        ready = self._process.stdout.readline()  # the imports are done
        assert ready == b"ready\n", f"the fork server did not start: {ready!r}"

    def warm(self, passphrase: str, salt: bytes) -> None:
        """Derive the key for `passphrase` and `salt` once in the server: every later child inherits it."""
        self._socket.send(json.dumps({"warm": [passphrase, salt.hex()]}).encode())

    def start(
        self,
        args: Sequence[str],
        *,
        env: Mapping[str, str],
        module: str | None = None,
        script: Path | None = None,
        settings: Mapping[str, int] | None = None,
    ) -> ForkedProcess:
        """A child running `python -m module *args` (or `python script *args`) with stdout and stderr piped.
        `settings` ("package.module.NAME": value) are set in the child before it runs: a module constant such as the
        import's batch size, so a test shows many batches with a small bundle."""
        assert (module is None) != (script is None)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        status_r, status_w = os.pipe()
        request = {
            "args": list(args),
            "env": dict(env),
            "module": module,
            "script": str(script) if script else None,
            "settings": dict(settings or {}),
        }
        try:
            socket.send_fds(self._socket, [json.dumps(request).encode()], [out_w, err_w, status_w])
        finally:
            for fd in (out_w, err_w, status_w):
                os.close(fd)
        status = os.fdopen(status_r, "rb", buffering=0)
        pid = int(status.readline())
        argv = [module or str(script), *args]
        return ForkedProcess(argv, pid, os.fdopen(out_r, "rb"), os.fdopen(err_r, "rb"), status)

    def close(self) -> None:
        self._socket.close()  # the server reads an end of file and exits
        self._process.wait(timeout=120)  # it waits for its last children
        if self._process.stdout:
            self._process.stdout.close()


@contextlib.contextmanager
def fork_server(preload: Sequence[str], env: Mapping[str, str] | None = None) -> Iterator[ForkServer]:
    server = ForkServer(preload, env)
    try:
        yield server
    finally:
        server.close()


# -- the server process ----------------------------------------------------------------------------------------


def _child(request: dict[str, Any], out: int, err: int) -> None:
    """In the forked child: become the process Popen would have started, run it, exit with its code."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    for fd in (devnull, out, err):
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    code: object = 0
    try:
        for name, value in request.get("settings", {}).items():
            owner, _, attribute = name.rpartition(".")
            module = importlib.import_module(owner)
            assert hasattr(module, attribute), name  # a renamed constant must not be set in vain
            setattr(module, attribute, value)
        if request["module"]:
            sys.argv = [request["module"], *request["args"]]
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
        else:
            sys.argv = [request["script"], *request["args"]]
            sys.path[0] = str(Path(request["script"]).parent)
            runpy.run_path(request["script"], run_name="__main__")
    except SystemExit as exit_:
        code = exit_.code
    except BaseException:
        traceback.print_exc()
        code = 1
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


def _spawn(request: dict[str, Any], out: int, err: int, status: int, server: socket.socket) -> None:
    if os.fork() != 0:  # the server: it reaps the waiter later (`_reap`)
        return
    # The waiter: fork the child, report its pid, wait for it, report its exit code.
    server.close()
    pid = os.fork()
    if pid == 0:
        os.close(status)
        _child(request, out, err)
    os.close(out)
    os.close(err)
    os.write(status, f"{pid}\n".encode())
    _, raw = os.waitpid(pid, 0)
    os.write(status, f"{os.waitstatus_to_exitcode(raw)}\n".encode())
    os._exit(0)


def _reap(*, block: bool) -> None:
    """Wait for ended waiters (blocking: for all of them). Reaped, not ignored, so that their CPU time – and their
    children's – is counted in this server's and, when it ends, in the test process's resource usage."""
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(fd: int, preload: Sequence[str]) -> None:
    from sspdesk.store.connection import derive_key
    from support import templates

    server = socket.socket(fileno=fd)
    with templates.fast_key_derivation():
        for name in preload:
            __import__(name)
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        while True:
            message, fds, _, _ = socket.recv_fds(server, 1 << 20, 3)
            _reap(block=not message)
            if not message:
                return
            request = json.loads(message)
            if "warm" in request:
                passphrase, salt = request["warm"]
                derive_key(passphrase, bytes.fromhex(salt))
                continue
            out, err, status = fds
            try:
                _spawn(request, out, err, status, server)
            finally:
                for opened in fds:
                    os.close(opened)


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2:])
