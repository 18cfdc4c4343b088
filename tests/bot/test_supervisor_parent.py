"""The supervisor stops when whoever started it is gone, also during set-up."""

from __future__ import annotations

import asyncio
import os

from bot.supervisor.processes import ProcessSupervisor


async def test_a_parent_that_is_still_there_does_not_stop_it() -> None:
    supervisor = ProcessSupervisor([])
    assert not supervisor.parent_gone()
    watch = asyncio.create_task(supervisor.watch_parent())
    await asyncio.sleep(1.2)
    assert not watch.done()
    supervisor.request_stop()
    await asyncio.wait_for(watch, 3)


async def test_a_parent_gone_before_the_watch_began_still_stops_it() -> None:
    # The parent recorded at start-up is not our parent any more: it died meanwhile and
    # we were re-parented (to init), e.g. while the model was training.
    supervisor = ProcessSupervisor([], parent_pid=os.getppid() + 1)
    assert supervisor.parent_gone()
    await asyncio.wait_for(supervisor.watch_parent(), 3)
    await asyncio.wait_for(supervisor.stop_requested(), 1)
