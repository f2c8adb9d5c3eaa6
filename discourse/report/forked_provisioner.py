"""jupyter_client's side of a forked kernel: a provisioner that asks the kernel parent
(:class:`~discourse.report.forked_kernels.KernelParent`) for the kernel's process.

Apart from :mod:`discourse.report.forked_kernels` because it imports jupyter_client (0.1 s):
a report starts the kernel parent first thing (:mod:`discourse.report.run_start`), before this
is imported, and the kernel parent's imports, the critical path of a small corpus, begin that
much sooner.
"""

from __future__ import annotations

import os

from jupyter_client.provisioning import LocalProvisioner

from .forked_kernels import KernelParent, _Forked


class ForkedProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked by a
    :class:`~discourse.report.forked_kernels.KernelParent`."""

    kernel_parent: KernelParent | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        """Fork the kernel from the kernel parent; start it the ordinary way if it cannot."""
        parent = self.kernel_parent
        env, cwd = kwargs.get("env") or dict(os.environ), kwargs.get("cwd") or os.getcwd()
        if parent is None or not parent.serves(cmd, env, cwd):
            return await super().launch_kernel(cmd, **kwargs)
        out = kwargs.get("stdout")
        try:
            pid = await parent.fork(cmd, env=env, cwd=cwd, log=getattr(out, "name", None))
        except (OSError, ValueError):  # it has exited, or is closed
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid  # the kernel leads its own session
        self.cwd = cwd
        return self.connection_info
