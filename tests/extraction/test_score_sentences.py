"""`manage.py score_sentences`: outside benchmarks scored through extraction's own code path."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.extraction import checkworthiness, extract
from claims.extraction.attribution import Attribution
from claims.extraction.pipeline import page_sentences, rate, score_sentence

FACT = "Unemployment fell to 4.1% in March, the lowest rate since 2019."
QUESTION = "Why does nobody talk about the jobs crisis?"


def run(tmp_path, content: bytes) -> tuple[list[list[str]], str]:
    path = tmp_path / "sentences.tsv"
    path.write_bytes(content)
    out, err = StringIO(), StringIO()
    call_command("score_sentences", str(path), stdout=out, stderr=err)
    return [line.split("\t") for line in out.getvalue().splitlines()], err.getvalue()


def test_prints_id_score_and_label_for_each_row_skipping_the_header_and_extra_columns(tmp_path):
    rows, _ = run(tmp_path, f"sentence_id\ttext\tlabel\n7\t{FACT}\t1\nq1\t{QUESTION}\t0\n".encode())
    assert [r[0] for r in rows] == ["7", "q1"]
    assert [r[2] for r in rows] == ["1", "0"]
    assert float(rows[0][1]) == pytest.approx(score_sentence(FACT), abs=1e-4)


def test_score_is_extractions_score_for_a_sentence_nobody_is_credited_with():
    assert score_sentence(FACT) == rate(FACT, Attribution(None, "outlet"), checkworthiness.STANDALONE)[0]
    # extract() keeps claims by the same rate() with the sentence's place on the page
    doc = extract(f"{FACT}\n\nThe council approved 12 new bus routes on Tuesday.")
    for sentence, s, context in page_sentences(doc.text):
        kept = [c for c in doc.claims if c.text == sentence]
        assert kept and kept[0].score == round(rate(sentence, s.attribution, context)[0], 3)


def test_bad_bytes_nuls_and_empty_lines_give_a_message_not_a_traceback(tmp_path):
    content = b"1\tPrices rose 7% in 2023.\n\n\n2\tBad \xff\xfe bytes and a \x00NUL in 2021.\nno tab here\n"
    rows, err = run(tmp_path, content)
    assert [r[0] for r in rows] == ["1", "2"]
    assert "not UTF-8" in err and "line 5: no tab" in err


def test_a_file_without_rows_or_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no rows"):
        run(tmp_path, b"\n\n")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("score_sentences", str(tmp_path / "missing.tsv"), stdout=StringIO())
