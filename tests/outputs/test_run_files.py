"""write_run streams: one document at a time, and the same bytes as the tables built in memory."""

import shutil
import weakref
from pathlib import Path

import pytest

from solieu.batch import write_run
from solieu.outputs.columns import TABLE_NAMES
from solieu.outputs.review import write_review
from solieu.outputs.tables import results_to_tables
from solieu.outputs.write import write_csv
from solieu.outputs.xlsx import write_xlsx
from solieu.pipeline import DocResult, RunSettings, process_file
from solieu.spool import ResultSpool

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "txt"


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory):
    """The five seeds, plus seed 004 sent twice under another name (duplicate_input, cross-report checks)."""
    folder = tmp_path_factory.mktemp("seeds")
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    shutil.copy(CORPUS / "004_162c74f4c20a2e69.txt", folder / "004-copy.txt")
    return [process_file(str(path), path.name, RunSettings(ocr=False)) for path in sorted(folder.iterdir())]


def test_run_files_equal_the_tables_built_in_memory(seed_results, tmp_path):
    streamed, in_memory = tmp_path / "streamed", tmp_path / "in_memory"
    write_run(list(reversed(seed_results)), streamed)
    frames = results_to_tables(seed_results)
    in_memory.mkdir()
    for name in TABLE_NAMES:
        write_csv(frames[name], in_memory / f"{name}.csv")
    write_xlsx(frames, in_memory / "solieu.xlsx", _labels())
    write_review(seed_results, frames, in_memory / "review.html")
    assert set(frames["checks"]["check"]) >= {"duplicate_input", "symbol_date_conflict", "percent_mismatch"}
    for name in [f"{t}.csv" for t in TABLE_NAMES] + ["solieu.xlsx", "review.html"]:
        assert (streamed / name).read_bytes() == (in_memory / name).read_bytes(), name
    assert sorted(p.name for p in streamed.iterdir()) == sorted(p.name for p in in_memory.iterdir())


def test_run_files_from_a_spool_equal_those_from_a_list(seed_results, tmp_path):
    spool = ResultSpool(tmp_path / "spool")
    for result in seed_results:
        spool.add(result)
    write_run(spool, tmp_path / "from_spool")
    write_run(seed_results, tmp_path / "from_list")
    spool.close()
    for path in sorted((tmp_path / "from_list").iterdir()):
        assert path.read_bytes() == (tmp_path / "from_spool" / path.name).read_bytes(), path.name


class OneAtATime:
    """Results made afresh on every pass, so the test can see how many are alive at once."""

    def __init__(self, results):
        self.rows = [r.to_json() for r in results]
        self.made: list[weakref.ref] = []
        self.most_alive = 0

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        for row in self.rows:
            result = DocResult(**row)
            self.made.append(weakref.ref(result))
            self.most_alive = max(self.most_alive, sum(ref() is not None for ref in self.made))
            yield result
            del result


def test_run_files_hold_one_document_at_a_time(seed_results, tmp_path):
    results = OneAtATime(seed_results)
    write_run(results, tmp_path / "out")
    assert len(results) == 6
    # The previous document may not be collected yet when the next is made; never more.
    assert results.most_alive <= 2


def test_run_files_failure_leaves_no_table_and_no_parts(seed_results, tmp_path, monkeypatch):
    from solieu.outputs import run_files

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(run_files.xlsx_module, "write_workbook", broken)
    with pytest.raises(OSError):
        write_run(seed_results, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def _labels():
    from solieu.extractors.indicators import load_catalog
    from solieu.outputs.indicators import indicator_labels
    return indicator_labels(load_catalog())


def test_run_files_pieces_are_the_bytes_the_row_writer_writes(seed_results, tmp_path):
    from solieu.outputs.tables import TableLayout, batch_index, document_pieces, document_tables
    from solieu.outputs.write import CsvTableWriter

    layout = TableLayout.load()
    index = batch_index(seed_results)
    for result in seed_results:
        pieces, _ = document_pieces(result, layout)
        tables = document_tables(result, layout, index)
        checks = pieces.checks_with(index)
        assert [row for _, row, _ in checks] == tables["checks"]
        for name in TABLE_NAMES:
            with CsvTableWriter(tmp_path / "rows.csv", layout.columns[name]) as rows:
                for row in tables[name]:
                    rows.write(row)
            with CsvTableWriter(tmp_path / "pieces.csv", layout.columns[name]) as text:
                text.write_text("".join(line for _, _, line in checks) if name == "checks" else pieces.csv[name])
            assert (tmp_path / "pieces.csv").read_bytes() == (tmp_path / "rows.csv").read_bytes(), name


def test_run_files_index_entries_of_the_pieces_make_the_batch_index(seed_results):
    from solieu.outputs.batch_index import BatchIndex
    from solieu.outputs.tables import TableLayout, batch_index, document_pieces

    from_entries = BatchIndex()
    for result in seed_results:
        from_entries.add_entry(document_pieces(result, TableLayout.load())[1])
    from_rows = batch_index(seed_results)
    assert vars(from_entries) == vars(from_rows)
    copy = next(r for r in seed_results if r.doc_id == "004-copy.txt")
    assert from_entries.same_content(copy.document["sha256"], "004-copy.txt") == ["004_162c74f4c20a2e69.txt"]


def test_run_files_spool_made_for_another_catalog_gets_its_pieces_made_here(seed_results, tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("key,form,label,aliases,kind,order\nschools,local,Số trường,trường,count,1\n", encoding="utf-8")
    spool = ResultSpool(tmp_path / "spool")  # pieces for the built-in catalogue
    for result in seed_results:
        spool.add(result)
    write_run(spool, tmp_path / "from_spool", catalog=str(extra))
    write_run(seed_results, tmp_path / "from_list", catalog=str(extra))
    spool.close()
    assert b"schools" in (tmp_path / "from_list" / "indicators.csv").read_bytes()
    for path in sorted((tmp_path / "from_list").iterdir()):
        assert path.read_bytes() == (tmp_path / "from_spool" / path.name).read_bytes(), path.name
