#!/usr/bin/env bash
# Prints the example documents as people's programs do and keeps the first page of
# each (the form: its second page, after the sheet of instructions) as a 60 dpi PNG.
# Run from the crate root after `cargo build`; needs soffice, chromium and
# poppler-utils (.ci/run installs them).
set -euo pipefail
root=$(pwd)
bin="$root/target/debug/gender-plan"
out="$root/examples/report/pictures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$root/plan.toml" .
"$bin" ingest -q --as-of 2025-06-30 "$root/examples/reports" >/dev/null 2>&1 || true
for f in 2022-H1_hoiphunu.csv 2023_tuphap.csv 2024-H1_nung-nang.csv 2025-H1_gddt.csv; do
  "$bin" ingest -q --as-of 2025-06-30 --encoding windows-1258 "$root/examples/reports/$f" >/dev/null 2>&1 || true
done
vi=(--lang vi --as-of 2025-06-30)
"$bin" "${vi[@]}" report --period 2025-H1 --format docx -o report.docx
"$bin" "${vi[@]}" report --period 2025-H1 -o report.html
"$bin" "${vi[@]}" report --period 2021-2025 --format docx -o final.docx
"$bin" "${vi[@]}" template --unit noivu --period 2025-H1 --format xlsx -o form.xlsx
"$bin" --lang vi --as-of 2025-06-20 remind --period 2025-H1 --format docx -o reminder.docx
soffice "-env:UserInstallation=file://$work/lo" --headless --convert-to pdf \
  report.docx final.docx form.xlsx reminder.docx >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --user-data-dir="$work/chromium" --print-to-pdf="$work/report-html.pdf" \
  "file://$work/report.html" >/dev/null 2>&1
first() { pdftoppm -r 60 -f "$2" -l "$2" -png -singlefile "$1" "$out/$3"; }
first report.pdf 1 report-2025-H1-word
first report-html.pdf 1 report-2025-H1-html
first final.pdf 1 final-review-2021-2025-word
first form.pdf 2 form-2025-H1-noivu
first reminder.pdf 1 reminder-2025-H1-word
for f in report report-html final form reminder; do
  echo "$f: $(pdfinfo "$f.pdf" | grep Pages)"
done
