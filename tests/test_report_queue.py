"""The kernels' queue and the wait for a kernel client (issue 25, point 2): the writer of the
site's own pages takes its place among the notebooks by its seconds (first with many
documents); a new client is ready once the kernel's ``idle`` for its ``kernel_info`` request
has come on IOPub, and asks again when IOPub was not connected yet; with many documents no
two memory-heavy notebooks run at once, and a kernel gives back what a cell freed (point 3)."""

import asyncio
from pathlib import Path
from queue import Empty

import pytest

from discourse.report import kernel_state
from discourse.report.notebook_run import wait_for_ready
from discourse.report.run_notebooks import (
    Schedule,
    is_heavy,
    longest_first,
    work_queue,
)

NAMES = [Path(f"0{i}_x.ipynb") for i in range(1, 7)]


def test_the_writer_goes_where_its_seconds_fall_among_the_notebooks():
    # by hand from NOTEBOOK_SECONDS and WRITER_SECONDS: on 2,000 words the writer (0.9 s)
    # falls after 06 (1.15 s) and before 01 (0.35 s); on 1M words (2.7 s) after 06 (14.4 s)
    # and before 01 (1.8 s)
    assert [str(p)[:2] for p in work_queue(NAMES, 2_000, "writer")] == [
        "02", "04", "03", "06", "wr", "01", "05"]
    assert [str(p)[:2] for p in work_queue(NAMES, 1_000_000, "writer")] == [
        "04", "03", "02", "06", "wr", "01", "05"]
    # shorter than every notebook: last (04: 31.1 s), longer: first (01: 1.8 s); with many
    # documents: first
    assert work_queue([NAMES[3]], 1_000_000, "writer") == [NAMES[3], "writer"]
    assert work_queue([NAMES[0]], 1_000_000, "writer") == ["writer", NAMES[0]]
    assert work_queue(NAMES, 2_000, "writer", n_documents=10_000)[0] == "writer"
    assert work_queue(NAMES, 2_000, "writer", n_documents=9_999)[0] != "writer"
    # without a writer: the notebooks alone, the longest first
    assert work_queue(NAMES, 2_000) == longest_first(NAMES, 2_000)


def _two_kernels(queue, *, spare):
    """Run ``queue`` on two fake kernels (a notebook "takes" its number in ticks); return the
    most heavy works that ran at once, and the order they started in."""
    schedule, running, most, started = Schedule(list(queue), spare=spare), set(), [0], []

    async def kernel():
        while (item := await schedule.next()) is not None:
            started.append(str(item)[:2])
            with schedule.running(item):
                running.add(item)
                most[0] = max(most[0], sum(map(is_heavy, running)))
                for _ in range(int(str(item)[:2]) if isinstance(item, Path) else 1):
                    await asyncio.sleep(0)
                running.discard(item)

    async def both():
        await asyncio.gather(kernel(), kernel())

    asyncio.run(both())
    return most[0], started


def test_with_many_documents_no_two_heavy_works_run_at_once():
    queue = work_queue(NAMES, 2_000, "writer", n_documents=100_000)
    most, started = _two_kernels(queue, spare=False)
    assert most == 1 and sorted(started) == sorted(str(p)[:2] for p in queue)
    # a kernel free while heavy work runs takes a light one further on: 03 beside the writer
    assert started[:2] == ["wr", "03"] and str(queue[1])[:2] != "03"
    # with few documents, the queue's order as it is, heavy notebooks side by side
    most, started = _two_kernels(work_queue(NAMES, 2_000, "writer"), spare=True)
    assert most == 2 and started == [str(p)[:2] for p in work_queue(NAMES, 2_000,
                                                                            "writer")]


def test_a_kernel_gives_memory_back_after_a_cell_that_grew_it(monkeypatch):
    resident, given = [1000], []
    monkeypatch.setattr(kernel_state, "_resident", lambda: resident[0])
    monkeypatch.setattr(kernel_state, "_give_back_memory", lambda: given.append(resident[0]))
    monkeypatch.setattr(kernel_state, "_TRIMMED", [1000])
    resident[0] = 1000 + kernel_state.TRIM_GROWTH  # not more than allowed: nothing done
    kernel_state._after_cell()
    assert given == []
    resident[0] += 1
    kernel_state._after_cell()
    assert given == [resident[0]] and kernel_state._TRIMMED == [resident[0]]


class _Channel:
    """A channel of a fake client: ``get_msg`` hands the queued messages, then Empty."""

    def __init__(self):
        self.messages = []

    async def get_msg(self, timeout=None):
        if not self.messages:
            raise Empty
        return self.messages.pop(0)


class _Client:
    """A kernel client whose IOPub misses everything of the first ``missed`` requests (not
    connected yet), with a stale reply of another request on the shell channel."""

    def __init__(self, missed: int):
        self.shell_channel, self.iopub_channel = _Channel(), _Channel()
        self.shell_channel.messages.append(_msg("kernel_info_reply", "stale"))
        self.sent, self.missed, self.handled = [], missed, []
        self.parent = self

    def kernel_info(self):
        msg_id = f"req{len(self.sent)}"
        self.sent.append(msg_id)
        self.shell_channel.messages.append(_msg("kernel_info_reply", msg_id))
        if len(self.sent) > self.missed:
            for state in ("busy", "idle"):
                self.iopub_channel.messages.append(
                    _msg("status", msg_id, {"execution_state": state}))
        return msg_id

    def _handle_kernel_info_reply(self, msg):
        self.handled.append(msg["parent_header"]["msg_id"])

    async def is_alive(self):
        return True


def _msg(kind, parent, content=None):
    return {"msg_type": kind, "parent_header": {"msg_id": parent}, "content": content or {}}


@pytest.mark.parametrize("missed", [0, 1, 3])
def test_a_client_is_ready_once_the_idle_of_its_request_came_on_iopub(missed):
    client = _Client(missed)
    asyncio.run(wait_for_ready(client, timeout=10))
    assert len(client.sent) == missed + 1  # asked again while IOPub missed the answer
    assert client.handled == [client.sent[-1]]  # the reply to the request answered
    assert client.iopub_channel.messages == []  # nothing of it left behind


def test_a_client_whose_kernel_never_answers_on_iopub_times_out():
    client = _Client(missed=10**9)
    with pytest.raises(RuntimeError, match="didn't respond"):
        asyncio.run(wait_for_ready(client, timeout=0))
