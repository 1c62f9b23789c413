# SPDX-License-Identifier: GPL-3.0-or-later
"""Two processes making this workspace's signing identity at the same moment: one wins whole,
the other is refused and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.errors import ValidationError
from inspector.store.workspace import Workspace
from inspector.trust import identity


def test_the_second_of_two_racing_identities_is_refused_and_the_first_kept(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_key = identity.ec.generate_private_key
    raced: list[bool] = []

    def meanwhile(curve: Any) -> Any:
        """While this process makes its key, another makes the identity (after the check)."""
        if not raced:
            raced.append(True)
            identity.init_keys(ws, "Nguyễn Văn Hùng", "mật khẩu của Hùng")
        return make_key(curve)

    monkeypatch.setattr(identity.ec, "generate_private_key", meanwhile)
    with pytest.raises(ValidationError) as caught:
        identity.init_keys(ws, "Trần Thị Mai", "mật khẩu của Mai")
    assert "already has a signing identity" in caught.value.message("en")
    kept = identity.load_identity(ws, "mật khẩu của Hùng")
    assert kept.name == "Nguyễn Văn Hùng"
    request = identity.request_info(identity.own_request(ws).read_bytes())
    assert request.name == "Nguyễn Văn Hùng"  # the request is the winner's, not overwritten
    assert not list(identity.keys_dir(ws).glob(".tmp-*"))
