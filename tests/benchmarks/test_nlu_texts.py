"""The NLU latency benchmark parses real, distinct held-out messages."""

from pathlib import Path

from benchmarks.nlu_texts import held_out_texts, plain_text


def test_plain_text_removes_every_annotation_form() -> None:
    assert plain_text("syarat [ktp](service) [hilang](variant:hilang) ya") == (
        "syarat ktp hilang ya"
    )
    assert plain_text('cek [PB-2026-000123]{"entity": "application_number"}') == (
        "cek PB-2026-000123"
    )


def test_held_out_texts_are_distinct_plain_messages() -> None:
    texts = held_out_texts()
    assert len(texts) >= 300
    assert len(set(texts)) == len(texts)
    assert not any("](" in text or "]{" in text for text in texts)


def test_held_out_texts_reads_any_rasa_file(tmp_path: Path) -> None:
    data = tmp_path / "nlu.yml"
    data.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - halo\n    - halo\n'
        "- intent: ask_cost\n  examples: |\n    - biaya [kk](service) berapa\n",
        encoding="utf-8",
    )
    assert held_out_texts(data) == ["halo", "biaya kk berapa"]
