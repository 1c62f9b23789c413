# SPDX-License-Identifier: GPL-3.0-or-later
"""Operations: the slow work of the screens, each on a worker of :mod:`ui.workers`.

Whatever touches the disk, reads more of the database than a row, or goes over many files runs
here: rendering and drawing the minutes, storing and opening evidence, decoding thumbnails,
counting conflicts, sync packages, the demo. A screen only starts an operation and shows its
result, as Anki's ``aqt.operations`` (``QueryOp``, ``CollectionOp``) have its screens do.

Thread contract of the ``*_job`` functions: they run on a worker. A job that needs the workspace
opens its own connection from the workspace's folder (``Workspace.open(home)``: a connection
belongs to one thread) and closes it before it returns; it never touches a widget, a
``QPixmap``, the window's ``ctx.ws`` or anything else of the UI thread. A long job takes
``on_progress(done, total)`` and ``is_cancelled()`` and passes them on to the core, which raises
``Cancelled`` when asked to stop. Results come back on the UI thread, to the ``on_success`` and
``on_failure`` callbacks given to :meth:`ui.workers.JobRunner.start`.
"""
