import hashlib
import subprocess
import sys

from assbwatch.text.fingerprint import SAMPLE_MOD, fingerprint, overlap


def test_content_hash_is_sha256_of_canonical_text() -> None:
    fp = fingerprint("  Japan’s   SUBSIDY ")
    assert fp.content_hash == hashlib.sha256(b"japan's subsidy").hexdigest()


def test_noise_in_case_and_spacing_gives_the_same_hash() -> None:
    assert (
        fingerprint("Solid-state  batteries\nby 2030").content_hash
        == fingerprint("solid–state batteries by 2030").content_hash
    )


def test_samples_are_the_shingles_in_one_residue_class() -> None:
    fp = fingerprint(" ".join(f"word{i}" for i in range(400)))
    assert fp.samples
    assert fp.samples <= fp.shingles
    assert all(h % SAMPLE_MOD == 0 for h in fp.samples)
    assert len(fp.shingles) == 396


def test_hashes_are_stable_across_processes() -> None:
    code = (
        "from assbwatch.text.fingerprint import fingerprint\n"
        "print(sorted(fingerprint('one two three four five six seven').shingles))"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(outputs) == 1
    assert outputs.pop().strip() == str(sorted(fingerprint("one two three four five six seven").shingles))


def test_overlap_reports_jaccard_and_containment() -> None:
    a, b = frozenset({1, 2, 3, 4}), frozenset({3, 4})
    assert overlap(a, b) == (0.5, 1.0)
    assert overlap(a, frozenset()) == (0.0, 0.0)
