"""The spool: results on disk while a batch runs, read back in doc_id order, texts loaded on demand."""

from solieu.pipeline import DocResult
from solieu.spool import ResultSpool


def test_spool_iterates_in_doc_id_order_and_counts_statuses(tmp_path):
    spool = ResultSpool(tmp_path / "spool")
    for doc_id, status in [("b.txt", "ok"), ("a/z.txt", "failed"), ("a.txt", "ok")]:
        spool.add(DocResult(doc_id=doc_id, document={"doc_id": doc_id, "status": status}, text="Số liệu"))
    assert [r.doc_id for r in spool] == ["a.txt", "a/z.txt", "b.txt"]
    assert (len(spool), spool[1].doc_id, spool[-1].text) == (3, "a/z.txt", "Số liệu")
    assert spool.statuses == {"ok": 2, "failed": 1}
    assert [r.to_json()["text"] for r in spool] == ["Số liệu"] * 3
    spool.close()


def test_spool_carries_a_file_name_that_is_not_utf8(tmp_path):
    spool = ResultSpool(tmp_path / "spool")
    doc_id = "bad-\udcff-name.txt"  # os.walk's surrogate escape of the byte 0xff
    spool.add(DocResult(doc_id=doc_id, document={"doc_id": doc_id, "status": "ok"}, text="x\udcff"))
    assert [(r.doc_id, r.document["doc_id"], r.text) for r in spool] == [(doc_id, doc_id, "x\udcff")]
    spool.close()


def test_spool_keeps_texts_on_disk_not_in_memory(tmp_path):
    import tracemalloc

    text = "Trường có 64 giáo viên, 1.928 học sinh. " * 1000  # ~40 kB of text per report
    spool = ResultSpool(tmp_path / "spool")
    tracemalloc.start()
    for i in range(200):  # 8 MB of texts in all
        spool.add(DocResult(doc_id=f"{i:04d}.txt", document={"doc_id": f"{i:04d}.txt", "status": "ok"}, text=text))
    rows_in_order = [r.doc_id for r in spool]
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert rows_in_order == sorted(rows_in_order) and spool[150].text == text
    assert held < 1_000_000  # offsets and ids only
    spool.close()


def test_spool_table_rows_stream_each_table_in_doc_id_order(tmp_path):
    spool = ResultSpool(tmp_path / "spool")
    for doc_id, n in [("b.txt", 1), ("a.txt", 2)]:
        spool.add(DocResult(doc_id=doc_id, document={"doc_id": doc_id, "status": "ok"},
                            figures=[{"doc_id": doc_id, "figure_id": f"F{i:04d}"} for i in range(1, n + 1)]))
    assert [r["doc_id"] for r in spool.table_rows("documents")] == ["a.txt", "b.txt"]
    assert [(r["doc_id"], r["figure_id"]) for r in spool.table_rows("figures")] == [
        ("a.txt", "F0001"), ("a.txt", "F0002"), ("b.txt", "F0001")]
    assert list(spool.table_rows("references")) == []
    spool.close()


def test_spool_result_survives_dataclasses_replace(tmp_path):
    from dataclasses import replace

    spool = ResultSpool(tmp_path / "spool")
    spool.add(DocResult(doc_id="a.txt", document={"doc_id": "a.txt", "status": "ok"}, text="Số liệu"))
    copy = replace(spool[0], figures=[{"doc_id": "a.txt", "figure_id": "F0001"}])
    assert (copy.doc_id, copy.text, len(copy.figures)) == ("a.txt", "Số liệu", 1)
    assert replace(spool[0], text="đã che").text == "đã che"
    spool.close()


def test_spool_gives_back_each_document_pieces_in_doc_id_order(tmp_path):
    from solieu.outputs.tables import document_pieces

    spool = ResultSpool(tmp_path / "spool")
    results = [DocResult(doc_id=doc_id, document={"doc_id": doc_id, "status": "ok", "sha256": "ab" * 32},
                         figures=[{"doc_id": doc_id, "figure_id": "F0001", "kind": "percent", "value": "120",
                                   "label": "=SUM(A1)", "char_start": "4"}],
                         references=[{"doc_id": doc_id, "ref_id": "R0001", "symbol": "88/KH-GDNN",
                                      "issued_date": "2023-03-06", "char_start": "9"}])
               for doc_id in ("b.txt", "bad-\udcff-name.txt", "a.txt")]
    for result in results:
        spool.add(result)
    documents = [(pieces, load()) for pieces, load in spool.documents()]
    assert [result.doc_id for _, result in documents] == ["a.txt", "b.txt", "bad-\udcff-name.txt"]
    made_here = {r.doc_id: document_pieces(r, spool.layout)[0] for r in results}
    assert [pieces for pieces, _ in documents] == [made_here[result.doc_id] for _, result in documents]
    assert "'=SUM(A1)" in documents[0][0].csv["figures"] and documents[0][0].checks  # percent_over_100
    assert spool.index.same_content("ab" * 32, "a.txt") == ["b.txt", "bad-\udcff-name.txt"]
    spool.close()
