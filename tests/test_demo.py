"""`python -m bot demo`, as someone trying the bot for the first time runs it: played once
(the `demo` fixture, tests/conftest.py), read by each test for its part of the story."""

from __future__ import annotations

import io
import os
import stat

from PIL import Image
from pypdf import PdfReader

from tests.conftest import DemoRun


def test_the_demo_plays_a_placement_offline_and_prints_every_chat(demo: DemoRun) -> None:
    assert demo.returncode == 0, demo.logged
    assert "Traceback" not in demo.logged
    assert " ERROR " not in demo.logged
    for scene in ("everyone joins through an invite link", "a problem reported"):
        assert scene in demo.printed
    for person in ("Sanne", "Ingrid"):
        assert f"what {person} saw" in demo.printed
    assert "demo done in" in demo.printed
    assert os.listdir(demo.started_in) == []  # it leaves nothing behind where it was started


def test_the_demo_ends_with_the_overview_the_digest_and_a_chart_written_out(
    demo: DemoRun,
) -> None:
    """The supervisor's picture (issue 12): his overview, Monday's digest, one student's
    picture; the mood chart written to --out, a PNG that opens."""
    assert demo.returncode == 0, demo.logged
    ingrid = demo.chat("Ingrid")
    assert "📋 Your placements (2):" in ingrid
    assert "🗓 Your week," in ingrid
    assert "👤 Sanne de Vries, Bakkerij Jansen" in ingrid
    assert "📈 The weekly mood of Sanne de Vries [picture]" in ingrid
    [chart] = [path for path in demo.out.iterdir() if path.name.endswith("mood-chart.png")]
    assert stat.S_IMODE(chart.stat().st_mode) == 0o600
    image = Image.open(io.BytesIO(chart.read_bytes()))
    assert (image.format, image.size) == ("PNG", (1000, 500))


def test_the_demo_plays_the_mid_survey_and_the_coordinators_results(demo: DemoRun) -> None:
    """The mid-placement survey (issue 14): Sanne answers it in the chat, the coordinator reads
    /results and groups them by mentor; the charts written to --out, PNGs that open."""
    assert demo.returncode == 0, demo.logged
    assert "▶ week 9: the mid-placement survey, and the coordinator's results" in demo.printed

    sanne = demo.chat("Sanne")
    survey = sanne.split("📝 Mid-placement survey: ")[1].split("Thank you for your answers! ✅")[0]
    for step in (
        "1/6\n          │ I feel safe at my placement.",
        "│ → 4",
        "5/6\n          │ Would you recommend this placement to a fellow student?",
        "Sanne │ I learn a lot from Mark & the early shifts suit me 🍞",
    ):
        assert step in survey, step

    carla = demo.chat("Carla")
    by_company, by_mentor = carla.split("Carla │ /results")[1].split("Grouped by: Company.")
    for part, group in ((by_company, "Bakkerij Jansen (1)"), (by_mentor, "Mark Jansen (1)")):
        assert "📊 Mid-placement survey (version 1): 1 answered" in part
        assert group in part
        assert "I feel safe at my placement. — mean 4.0 of 1 (1: 0 · 2: 0 · 3: 0 · 4: 1" in part
        assert "Would you recommend this placement to a fellow student? — 1 answered (Yes: 1" in (
            part
        )
    assert "📊 Mid-placement survey, grouped by: Company [picture]" in by_company
    assert "📊 Mid-placement survey, grouped by: Mentor [picture]" in by_mentor

    charts = sorted(path for path in demo.out.iterdir() if path.name.startswith("carla-"))
    assert [path.name for path in charts] == [
        "carla-01-survey-chart.png",
        "carla-02-survey-chart.png",
    ]
    for path in charts:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert Image.open(io.BytesIO(path.read_bytes())).format == "PNG"


def test_the_demo_trains_two_mentors_and_writes_their_certificates(demo: DemoRun) -> None:
    """Mentor training (issue 13): two sessions, two mentors, certificates written to --out as
    PDFs that read back with the mentor's name and number, and the register lists both."""
    assert demo.returncode == 0, demo.logged
    assert "▶ mentor training: two online sessions, two mentors" in demo.printed
    ingrid = demo.chat("Ingrid")
    register = ingrid.split("Ingrid │ /register")[1]
    assert "🎓 Register of certified mentors (2):" in register
    for number, name in (("MB-2026-0001", "Fatima El Amrani"), ("MB-2026-0002", "Mark Jansen")):
        assert f"{number} · {name} ·" in register
        [pdf] = [path for path in demo.out.iterdir() if path.name.endswith(f"-{number}.pdf")]
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
        text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert name in text
        assert number in text
