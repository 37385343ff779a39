"""Figure labels -> catalogue keys (issue 4, item 2)."""

import os

from decimal import Decimal

import pytest

from solieu.extractors.indicators import (assign_indicators, fold_label, key_for_label, load_catalog,
                                          read_catalog)
from solieu.extractors.records import Extraction, Figure

# fmt: off
SEED_EXAMPLES = [
    # (label as the table row writes it, figure kind, unit, key)               seed:line
    ("1. Tổng số giáo viên có máy tính", "count", "giáo viên", "teachers_with_computer"),  # 000:158
    ("2. Tổng số học sinh có đường truyền Internet", "count", "học sinh", "students_with_internet"),  # 000:162
    ("1. Số nền tảng: 01 (VNPT E-Learning)", "count", "nền tảng", "platforms"),  # 000:164
    ("2. Số nền tảng là sản phẩm trong nước", "count", "nền tảng", "platforms_domestic"),  # 000:165
    ("2. Tỉ trọng nội dung triển khai dưới hình thức trực tuyến ở bậc trung học", "percent", "%",
     "online_share_secondary"),  # 000:169
    ("4. Số lượng các cơ sở giáo dục đào tạo quản lý hồ sơ số đối với cơ sở vật chất, thiết bị và các "
     "nguồn lực khác phục vụ giáo dục, đào tạo và nghiên cứu", "count", "cơ sở giáo dục",
     "institutions_digital_assets"),  # 000:174
    ("1. Số lượng thủ tục hành chính đủ điều kiện được triển khai dịch vụ công trực tuyến mức độ 4 "
     "(hoặc mức độ 3 nếu không phát sinh thanh toán)", "count", "thủ tục", "procedures_online_level4"),  # 000:178
    ("Chuyển đổi số trong dạy, học", "score", "điểm", "dx_teaching_score"),  # 004 table row 1
    ("tiêu chí chuyển đổi số trong quản trị cơ sở giáo dục", "score", "điểm", "dx_management_score"),  # 004 text
    ("Triển khai phần mềm dạy học trực tuyến", "score", "điểm", "dx_1_3"),  # 004 row 1.3
    ("Hạ tầng, thiết bị sử dụng chuyển đổi số dạy, học", "score", "điểm", "dx_1_7"),  # 004 row 1.7
    ("Có triển khai phần mềm quản trị nhà trường", "score", "điểm", "dx_2_3"),  # 004 row 2.3
    ("mức độ chuyển đổi số trường đạt", "score", "mức độ", "dx_level"),
]
NEAR_MISSES = [
    # (label, kind, unit) that must get no key
    ("Số cơ sở giáo dục triển khai dạy học công nghệ thông tin bằng tiếng Anh", "count", "trường"),  # 003
    ("Tổng số học sinh", "count", "học sinh"),  # a subject alone is not a form row
    ("Tổng số nhân viên có máy tính", "count", "nhân viên"),
    ("học sinh có máy tính", "percent", "%"),  # a share in running text, not the form row (gold 000)
    ("Triển khai phần mềm dạy học trực tuyến", "score", "mức độ"),  # a level is not the criterion's points
]
# fmt: on


@pytest.mark.parametrize("label,kind,unit,key", SEED_EXAMPLES, ids=[r[3] for r in SEED_EXAMPLES])
def test_indicators_label_gets_catalogue_key(label, kind, unit, key):
    assert key_for_label(label, kind, unit=unit) == key


@pytest.mark.parametrize("label,kind,unit", NEAR_MISSES, ids=[r[0][:30] for r in NEAR_MISSES])
def test_indicators_near_miss_below_threshold_gets_no_key(label, kind, unit):
    assert key_for_label(label, kind, unit=unit) == ""


@pytest.mark.parametrize("text,folded", [
    ("1.3. Triển khai phần mềm dạy học trực tuyến", "trien khai phan mem day hoc truc tuyen"),
    ("ĐỊNH DANH thống nhất", "dinh danh thong nhat"),
    ("Ðường truyền", "duong truyen"),  # U+00D0 read as Đ
])
def test_indicators_fold_label(text, folded):
    assert fold_label(text) == folded


def test_indicators_catalogue_holds_contract_keys_in_order():
    keys = [i.key for i in load_catalog()]
    assert keys[:3] == ["teachers_with_computer", "teachers_with_internet", "students_with_computer"]
    assert keys[17:21] == ["satisfied_organizations", "dx_teaching_score", "dx_management_score", "dx_level"]
    assert keys[-1] == "dx_2_4" and len(keys) == 28


def test_indicators_extra_catalog_adds_keys_without_code(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("key,form,label,aliases,kind,order\n"
                     "classrooms_with_projector,local,Số phòng học có máy chiếu,Phòng học có máy chiếu,count,1\n",
                     encoding="utf-8")
    catalog = load_catalog(str(extra))
    assert catalog[-1].key == "classrooms_with_projector"
    assert key_for_label("3. Số phòng học có máy chiếu", "count", catalog) == "classrooms_with_projector"


def test_indicators_extra_catalog_missing_column_is_an_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("key,label\nx,Y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="form"):
        read_catalog(bad)


def test_indicators_assign_sets_figure_indicator():
    figures = (Figure(kind="count", value=Decimal(64), char_start=0, char_end=2, unit="giáo viên",
                      label="Tổng số giáo viên có máy tính", percent=Decimal(100)),
               Figure(kind="count", value=Decimal(3), char_start=5, char_end=6, unit="cuộc họp",
                      label="cuộc họp chuyên môn"))
    result = assign_indicators(Extraction(figures=figures))
    assert [f.indicator for f in result.figures] == ["teachers_with_computer", ""]


def test_indicators_scale_bounds_in_a_criterion_row_get_no_key():
    # Seed 004 row 1.3: "Tối đa 6 điểm" and "dưới 10 điểm" are the scale; 25 is the unit's score.
    label = "Triển khai phần mềm dạy học trực tuyến"
    figures = (Figure(kind="score", value=Decimal(6), char_start=0, char_end=2, unit="điểm", label=label,
                      qualifier="at_most"),
               Figure(kind="score", value=Decimal(10), char_start=3, char_end=5, unit="điểm", label=label,
                      qualifier="under"),
               Figure(kind="score", value=Decimal(25), char_start=9, char_end=11, unit="điểm", label=label,
                      max_value=Decimal(30)))
    result = assign_indicators(Extraction(figures=figures))
    assert [f.indicator for f in result.figures] == ["", "", "dx_1_3"]


def test_indicators_edited_extra_catalog_is_read_again(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("key,form,label,aliases,kind,order\nrooms,local,Số phòng học,,count,1\n", encoding="utf-8")
    assert load_catalog(str(extra))[-1].key == "rooms"
    extra.write_text("key,form,label,aliases,kind,order\nrooms,local,Số phòng học,,count,1\n"
                     "labs,local,Số phòng thí nghiệm,,count,2\n", encoding="utf-8")
    os.utime(extra, ns=(1, 1))  # a different time even on a coarse clock
    assert load_catalog(str(extra))[-1].key == "labs"
