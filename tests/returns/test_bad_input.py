"""Bad returns: a located message and exit 2, or a data-quality entry where the rest can be used.

Never a traceback, and never a child's identifier or date of birth in any message or output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from selfeval.cli.app import cli

from .conftest import TINY_EPISODES, tiny

AUTH = ["--authority", "Tiny Borough"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def show(r: Result) -> str:
    return f"exit {r.exit_code}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"


def fails(r: Result, *words: str) -> None:
    assert r.exit_code == 2, show(r)
    assert "Traceback" not in r.output and r.stderr.count("\n") == 1, show(r)
    for w in words:
        assert w in r.stderr, show(r)


def no_child_data(text: str) -> None:
    assert "QX770" not in text, text  # the tiny return's child identifiers
    assert not re.search(r"\d\d/\d\d/\d{4}", text), text  # nor any dd/mm/yyyy date (dates of birth)


def test_a_csv_of_another_table_is_named_with_the_nearest_table(tmp_path: Path) -> None:
    folder = tiny(tmp_path, extra={"list8.csv": "Child Unique ID,Gender,Date of Birth\nX,1,2\n"})
    fails(run("metrics", "from-903", str(folder), *AUTH), "list8.csv:1:", "not a 903 table")


def test_a_table_without_its_header_row_quotes_no_cell(tmp_path: Path) -> None:
    """Found by the fuzz target: the message listed the 'unexpected headers', which were the
    first child's identifier and date of birth. Only DfE column names are quoted now."""
    folder = tiny(tmp_path)
    lines = (folder / "header.csv").read_text().splitlines()
    (folder / "header.csv").write_text("\n".join(lines[1:]) + "\n")
    r = run("metrics", "from-903", str(folder), *AUTH)
    fails(r, "header.csv:1:", "not a 903 table", "is the header row missing?")
    no_child_data(r.output)


def test_a_date_in_year_9999_is_not_the_returns_year(tmp_path: Path) -> None:
    """Found by the fuzz target: an XML return's year came from DEC 31/12/9999 (year 10000) and
    the code tables raised; as for CSV, a year beyond next is a typing error."""
    xml = tmp_path / "r.xml"
    xml.write_text("<EXPSSDA903><CHILD><HEADER><CHILDID>QX7701</CHILDID><DOB>01/02/2012</DOB></HEADER>"
                   "<EPISODE><DECOM>10/01/2025</DECOM><RNE>S</RNE><LS>C2</LS><PL>U6</PL></EPISODE>"
                   "<EPISODE><DECOM>10/01/2024</DECOM><RNE>S</RNE><LS>C2</LS><PL>U6</PL><DEC>31/12/9999</DEC>"
                   "<REC>E11</REC></EPISODE></CHILD></EXPSSDA903>")
    r = run("metrics", "from-903", str(xml), *AUTH)
    assert r.exit_code == 0 and "SSDA903 2024/25" in r.output, show(r)
    no_child_data(r.output)


def test_an_unknown_in_touch_value_is_counted_not_quoted(tmp_path: Path) -> None:
    """Found by the fuzz target: the IN_TOUCH breakdown in the note named every value, so a date
    of birth typed into IN_TOUCH reached the metrics file."""
    oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nQX7709,10/10/2007,10/10/2007,F1,B1\nQX7710,11/11/2006,YES,F1,B1\n"
    r = run("metrics", "from-903", str(tiny(tmp_path, extra={"oc3.csv": oc3})), *AUTH)
    assert r.exit_code == 0, show(r)
    assert "IN_TOUCH breakdown: YES 1, not a DfE code 1" in r.output, show(r)
    no_child_data(r.output)


@pytest.mark.parametrize("command, collection", [("from-cin", "CIN"), ("from-workforce", "CSWW")])
def test_a_census_dated_in_9999_asks_for_as_at(tmp_path: Path, command: str, collection: str) -> None:
    """Found by the fuzz target: a ReferenceDate of 31/12/9999 made the census year 10000, and
    the year's dates raised. A year beyond next is no census's."""
    record = ("<Children><Child><ChildIdentifiers><LAchildID>QX7701</LAchildID></ChildIdentifiers></Child></Children>"
              if collection == "CIN" else "<CSWWWorker><AgencyWorker>0</AgencyWorker><FTE>1</FTE></CSWWWorker>")
    p = tmp_path / "census.xml"
    p.write_text(f"<Message><Header><CollectionDetails><Collection>{collection}</Collection><ReferenceDate>"
                 f"31/12/9999</ReferenceDate></CollectionDetails></Header>{record}</Message>")
    fails(run("metrics", command, str(p), *AUTH), "no usable ReferenceDate", "--as-at")


def test_a_missing_required_table(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "episodes.csv").unlink()
    fails(run("metrics", "from-903", str(folder), *AUTH), "Episodes (episodes.csv) table is missing",
          "DECOM")


def test_headers_identify_the_table_not_the_file_name(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "episodes.csv").rename(folder / "SSDA903_2026_whatever.csv")
    r = run("metrics", "from-903", str(folder), *AUTH)
    assert r.exit_code == 0, show(r)


def test_a_byte_order_mark_is_stripped(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    p = folder / "episodes.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert run("metrics", "from-903", str(folder), *AUTH).exit_code == 0


def test_a_census_given_as_a_903_is_named(tmp_path: Path) -> None:
    p = tmp_path / "cin.xml"
    p.write_text("<Message><Header/></Message>")
    fails(run("metrics", "from-903", str(p), *AUTH), "census file", "from-cin")


def test_a_903_given_as_a_census_is_named(tmp_path: Path) -> None:
    p = tmp_path / "903.xml"
    p.write_text("<EXPSSDA903><CHILD/></EXPSSDA903>")
    fails(run("metrics", "from-cin", str(p), *AUTH), "SSDA903", "from-903")
    fails(run("metrics", "from-workforce", str(p), *AUTH), "not a CSWW census")


def test_the_workforce_census_given_as_cin_is_named(rcsww: tuple[Path, dict[str, object]]) -> None:
    fails(run("metrics", "from-cin", str(rcsww[0]), *AUTH), "CSWW collection", "from-workforce")


@pytest.mark.parametrize(("command", "root"), [("from-903", "EXPSSDA903"), ("from-cin", "Message"),
                                             ("from-workforce", "Message")])
def test_xml_that_does_not_parse_is_located(tmp_path: Path, command: str, root: str) -> None:
    p = tmp_path / "broken.xml"
    p.write_text(f"<{root}>\n<Header><CHILD>\n</{root}>\n")
    fails(run("metrics", command, str(p), *AUTH), "broken.xml:3:", "does not parse")


def test_a_malformed_date_leaves_that_child_out_and_says_where(tmp_path: Path) -> None:
    bad = [TINY_EPISODES[0].replace("10/01/2024", "2024-13-45"), *TINY_EPISODES[1:]]
    folder = tiny(tmp_path, episodes=bad)
    out = tmp_path / "903.yaml"
    r = run("metrics", "from-903", str(folder), *AUTH, "-o", str(out))
    assert r.exit_code == 0, show(r)
    text = out.read_text()
    assert "Episodes DECOM: missing or not a dd/mm/yyyy date; the child is left out" in text
    assert "tiny903/episodes.csv row 2" in text
    assert "denominator: 1" in text  # placements: only the third child is left at 31 March
    no_child_data(text + r.output)


def test_unknown_and_retired_codes_are_data_quality_entries(tmp_path: Path) -> None:
    eps = [*TINY_EPISODES[:4], "QX7703,01/11/2025,S,C1,N1,H5,PR1,,,,,,"]  # H5 dropped in 2025/26
    eps[2] = eps[2].replace(",U4,", ",Q9,")
    folder = tiny(tmp_path, episodes=eps)
    out = tmp_path / "903.yaml"
    assert run("metrics", "from-903", str(folder), *AUTH, "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert "Episodes PLACE: not a placement code for 2025/26 (DfE's list changes by year) — 2 records" in text
    no_child_data(text)


def test_p2_after_october_2023_is_questioned(tmp_path: Path) -> None:
    eps = ["QX7701,10/01/2024,S,C2,N1,P2,PR1,,,,,,"]
    folder = tiny(tmp_path, episodes=eps)
    folder.rename(tmp_path / "y")
    r = run("metrics", "from-903", str(tmp_path / "y"), *AUTH)
    assert r.exit_code == 0, show(r)
    assert "P2 is invalid for episodes open on or after 28 October 2023" in r.stdout or \
        "not a placement code for 2023/24" in r.stdout, r.stdout


def test_a_short_row_is_left_out_and_located(tmp_path: Path) -> None:
    folder = tiny(tmp_path, episodes=[*TINY_EPISODES, "QX7703,01/11/2025"])
    r = run("metrics", "from-903", str(folder), *AUTH)
    assert r.exit_code == 0 and "row has fewer fields than the header" in r.stdout, show(r)
    assert "tiny903/episodes.csv row 7" in r.stdout


def test_nothing_is_written_on_failure_and_files_are_not_replaced(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    out = tmp_path / "903.yaml"
    (folder / "header.csv").write_text("CHILD,DOB\nA1,x\n")
    fails(run("metrics", "from-903", str(folder), *AUTH, "-o", str(out)), "not a 903 table")
    assert not out.exists()
    out.write_text("keep me")
    fails(run("metrics", "from-903", str(tiny(tmp_path / "t2" if (tmp_path / "t2").mkdir() is None else tmp_path)),
              *AUTH, "-o", str(out)), "already exists", "--force")
    assert out.read_text() == "keep me"


def test_a_single_csv_or_a_missing_path(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    fails(run("metrics", "from-903", str(folder / "episodes.csv"), *AUTH), "one CSV file is one table")
    fails(run("metrics", "from-903", str(tmp_path / "nowhere"), *AUTH), "no such file or folder")


def test_a_malformed_cin_date_is_a_data_quality_entry(tmp_path: Path) -> None:
    p = tmp_path / "cin.xml"
    p.write_text("<Message><Header><CollectionDetails><Collection>CIN</Collection><ReferenceDate>2026-03-31"
                 "</ReferenceDate></CollectionDetails></Header><Children><Child><ChildIdentifiers>"
                 "<LAchildID>SECRET1</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2025-05-01"
                 "</CINreferralDate><Assessments><AssessmentActualStartDate>2025-13-01</AssessmentActualStartDate>"
                 "<AssessmentAuthorisationDate>2025-06-01</AssessmentAuthorisationDate></Assessments>"
                 "</CINdetails></Child></Children></Message>")
    r = run("metrics", "from-cin", str(p), *AUTH)
    assert r.exit_code == 0, show(r)
    assert "Assessments/AssessmentActualStartDate" in r.stdout and "Child 1, CINdetails 1, Assessments 1" in r.stdout
    assert "SECRET1" not in r.output


def test_a_census_without_a_reference_date_asks_for_as_at(tmp_path: Path) -> None:
    p = tmp_path / "cin.xml"
    p.write_text("<Message><Children><Child><ChildIdentifiers><LAchildID>X</LAchildID></ChildIdentifiers>"
                 "</Child></Children></Message>")
    fails(run("metrics", "from-cin", str(p), *AUTH), "no usable ReferenceDate", "--as-at")
