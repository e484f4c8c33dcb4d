#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# a11y_fixture.sh — the fixture edition of the accessibility tests
# (tests/lib/a11y_lib.sh) checks itself: its audio and its edition.json.
exec bash "$TB_ROOT/tests/lib/a11y_lib.sh"
