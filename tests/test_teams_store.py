"""The store's memory of users' 1:1 chats with the bot, which Teams escalations use to reach a contact directly."""

from __future__ import annotations

import pytest

REFERENCE = {"conversation": {"id": "a:chat-lianne"}, "serviceUrl": "https://smba.example/emea/", "channelId": "msteams"}
NEWER = {**REFERENCE, "conversation": {"id": "a:chat-lianne-2"}}


@pytest.mark.parametrize(
    ("saved", "asked", "found"),
    [
        ([("teams", "29:lianne", REFERENCE)], ("teams", "29:lianne"), REFERENCE),
        ([("teams", "29:lianne", REFERENCE), ("teams", "29:lianne", NEWER)], ("teams", "29:lianne"), NEWER),
        ([("teams", "29:lianne", REFERENCE)], ("teams", "aad-lianne"), None),
        ([("teams", "29:lianne", REFERENCE)], ("slack", "29:lianne"), None),
        ([], ("teams", "29:lianne"), None),
    ],
)
async def test_a_conversation_reference_is_kept_per_platform_and_user_and_replaced_by_a_newer_one(
    store, saved, asked, found
):
    for platform, user_id, reference in saved:
        await store.save_conversation_ref(platform, user_id, reference)
    assert await store.get_conversation_ref(*asked) == found
