#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# seg_inputs.sh — no text silently lost by the input stage and the HTML parser (issue
# 13, part 7): unclosed <select>/<svg>, 400 paragraphs each with an unclosed <font>
# (nesting 800 deep), plain text quoting closing tags, setext-only Markdown, the
# extension before sniffing and --input-format (sections, render, batch), a page that
# declares a charset its bytes do not fit (warned; refused with --strict), a UTF-8
# line in a GB18030 file, UTF-16 without a BOM (both byte orders; NUL bytes that are
# not UTF-16 refused with one message), a DOCTYPE internal subset and an undefined
# entity, a page of links only (refused, exit 3).
set -u
: "${TINGBAO:?}" "${TB_ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
def w(name, text, enc="utf-8"):
    open(f"{d}/{name}", "wb").write(text.encode(enc))
body = "".join(f"<p>第{i}段正文，这里有一句话。</p>" for i in range(1, 4))
w("select.html", "<html><body><h1>标题在此</h1><form><select name=s><option>选项甲</option>"
  "<option>选项乙</option>" + body + "</body></html>")
w("svg.html", "<html><body><h1>标题在此</h1><svg width=10><title>图标标题</title>"
  "<circle r=1/>" + body + "</body></html>")
w("font.html", "<html><body><h1>嵌套的字体标签</h1>" +
  "".join(f"<p><font color=red>第{i}段正文，内容在这里。\n" for i in range(1, 401)) + "</body></html>")
# prose that quotes closing tags: more than five, but no line is markup
w("tags.txt", "网页制作入门课开讲\n\n  老师先讲了段落标签，结尾要写</p>，区块要用</div>收尾。\n"
  "  列表项写</li>，表格单元格写</td>，链接写</a>，标题写</h1>。\n  学员们说，这些标签一学就会。\n")
# Markdown whose only headings are setext (underlined)
w("setext.md", "草原音乐节开幕\n==============\n\n三天的音乐节吸引了两万名观众。\n\n"
  "乐队阵容\n--------\n\n来自五个盟市的十二支乐队登台演出。\n")
w("doctype.html", '<!DOCTYPE html [\n<!ENTITY lol1 "lollollollol">\n<!ENTITY xxe SYSTEM '
  '"file:///etc/passwd">\n]>\n<html><body><h1>实体测试</h1><p>第一句&xxe;正文，&lol1;第二句正文。</p>'
  '</body></html>')
w("links.html", "<html><body><ul>" + "".join(f"<li><a href=/{i}>栏目{i}</a></li>" for i in range(9)) +
  "</ul><div><a href=/a>上一篇</a> <a href=/b>下一篇</a></div></body></html>")
simp = "城市公园\n\n呼和浩特市今年新建和改造城市公园二十座，市民出门五分钟就能走进绿地。\n"
w("u16le.txt", simp, "utf-16-le")
w("u16be.txt", simp, "utf-16-be")
open(f"{d}/nul.bin", "wb").write(bytes([0x01, 0x00, 0x02, 0x00, 0xFF, 0xD8]) * 200)
open(f"{d}/mixed.txt", "wb").write(simp.encode("gb18030") +
                                   "这一行是粘贴进来的UTF-8文字，应当保留。\n".encode("utf-8"))
w("gbasbig5.html", '<html><head><meta charset="big5"></head><body><h1>城市公园</h1><p>' +
  simp + "</p></body></html>", "gb18030")
# layout tables and headers nested thousands deep, the text at the bottom
w("tables.html", "<html><body>" + "<table><tr><td>" * 3000 + "<h1>嵌套表格</h1><p>最深处的一段正文。</p>" +
  "</td></tr></table>" * 3000 + "</body></html>")
w("headers.html", "<html><body>" + "<header>" * 3000 + "<h1>嵌套页眉</h1><p>页眉里的一段正文。</p>" +
  "</header>" * 3000 + "</body></html>")
w("html-in.txt", "<html><body><h1>标题在此</h1>" + body + "</body></html>")
PY

# sections FILE [ARGS]: JSON into $tmp/out.json, stderr into $tmp/err
sections() { "$TINGBAO" sections "$@" >"$tmp/out.json" 2>"$tmp/err"; }
# check NAME PYTHON-EXPR: d is the JSON, texts every title and sentence
check() {
    if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
texts = [s["title"] for s in d["sections"]] + [t["text"] for s in d["sections"] for t in s["sentences"]]
n = sum(len(s["sentences"]) for s in d["sections"])
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out.json" "$2" 2>>"$tmp/err"; then
        echo "ok - $1"
    else
        echo "not ok - $1: $(head -c 300 "$tmp/err") $(head -c 300 "$tmp/out.json")"
    fi
}

for f in select svg; do
    sections "$tmp/$f.html"
    check "an unclosed <$f> keeps the rest of the page" \
        '"第3段正文，这里有一句话。" in texts and not any("选项" in t or "图标" in t for t in texts)'
done
sections "$tmp/font.html"
check "400 paragraphs with an unclosed <font> each (800 deep): all 400 read" \
    'n == 401 and "第400段正文，内容在这里。" in texts'
sections "$tmp/tables.html"
check "3000 nested layout tables: the text at the bottom is read" \
    'd["headline"] == "嵌套表格" and "最深处的一段正文。" in texts'
sections "$tmp/headers.html"
check "3000 nested headers holding an h1: read" \
    'd["headline"] == "嵌套页眉" and "页眉里的一段正文。" in texts'
sections "$tmp/tags.txt"
check "plain text quoting closing tags (.txt) is text, its headline kept" \
    'd["format"] == "epaper" and d["headline"] == "网页制作入门课开讲"'
"$TINGBAO" sections - <"$tmp/tags.txt" >"$tmp/out.json" 2>"$tmp/err"
check "plain text quoting closing tags (stdin, sniffed) is text, its headline kept" \
    'd["format"] == "epaper" and d["headline"] == "网页制作入门课开讲"'
sections "$tmp/setext.md"
check "setext-only Markdown (.md) is Markdown, its headline kept" \
    'd["format"] == "markdown" and d["headline"] == "草原音乐节开幕" and d["sections"][-1]["title"] == "乐队阵容"'
"$TINGBAO" sections - <"$tmp/setext.md" >"$tmp/out.json" 2>"$tmp/err"
check "setext-only Markdown (stdin, sniffed) is Markdown" \
    'd["format"] == "markdown" and d["headline"] == "草原音乐节开幕"'
sections "$tmp/html-in.txt"
check "the extension decides first: HTML in a .txt is text" 'd["format"] == "epaper"'
sections --input-format html "$tmp/html-in.txt"
check "sections --input-format html reads it as HTML" \
    'd["format"] == "html" and d["headline"] == "标题在此" and not any("<" in t for t in texts)'

for cmd in render batch sections; do
    "$TINGBAO" $cmd --input-format pdf "$tmp/html-in.txt" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 2 ] && grep -q "input-format\|unknown format" "$tmp/err"; then
        echo "ok - $cmd --input-format pdf: usage error (exit 2)"
    else
        echo "not ok - $cmd --input-format pdf: exit $rc $(head -c 200 "$tmp/err")"
    fi
done
if "$TINGBAO" render -q --no-feed --input-format html "$tmp/html-in.txt" -o "$tmp/ed" 2>"$tmp/err" &&
    python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
titles = [s["title"] for s in e["sections"]]
sys.exit(0 if e["title"] == "标题在此" and titles[:2] == ["标题在此", "导语"] else 1)' "$tmp/ed/edition.json"; then
    echo "ok - render --input-format html: the edition is read as HTML"
else
    echo "not ok - render --input-format html: $(head -c 300 "$tmp/err")"
fi

sections "$tmp/gbasbig5.html"
if grep -q "declares charset big5, but" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
    check "a declared charset the bytes do not fit: one warning, read as GB18030" \
        'd["encoding"] == "GB18030" and "城市公园" in texts'
else
    echo "not ok - declared charset that does not fit: no single warning: $(head -c 300 "$tmp/err")"
fi
if ! sections --strict "$tmp/gbasbig5.html" && grep -q "mojibake" "$tmp/err" && [ ! -s "$tmp/out.json" ]; then
    echo "ok - --strict refuses text that is mojibake in its declared charset"
else
    echo "not ok - --strict on mojibake: $(head -c 300 "$tmp/err")"
fi
sections --strict "$TB_ROOT/tests/data/pages/big5-html.html"
check "--strict reads a Big5 page that declares Big5" 'd["encoding"] == "Big5"'

sections "$tmp/mixed.txt"
check "a UTF-8 line inside a GB18030 file is kept" \
    'd["encoding"] == "GB18030" and "这一行是粘贴进来的UTF-8文字，应当保留。" in texts and "城市公园" in texts'
for bo in le be; do
    sections "$tmp/u16$bo.txt"
    check "UTF-16${bo^^} without a BOM is detected" \
        'd["encoding"] == "UTF-16" and d["headline"] == "城市公园" and not open(sys.argv[1]).read().count("\\ufffd")'
done
sections "$tmp/nul.bin"
rc=$?
if [ "$rc" -eq 3 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "UTF-16" "$tmp/err"; then
    echo "ok - NUL-laden bytes that are not UTF-16: one clear message, exit 3"
else
    echo "not ok - NUL-laden bytes: exit $rc, $(wc -l <"$tmp/err") lines: $(head -c 300 "$tmp/err")"
fi

sections "$tmp/doctype.html"
check "a DOCTYPE internal subset and an undefined entity are not text" \
    'not any(w in t for t in texts for w in ("ENTITY", "xxe", "lol", "passwd", "]>")) and "第一句正文，第二句正文。" in texts and d["sections"][0]["kind"] == "headline"'
sections "$tmp/links.html"
rc=$?
if [ "$rc" -eq 3 ] && grep -q "no article text" "$tmp/err"; then
    echo "ok - an HTML page of links only is refused (exit 3)"
else
    echo "not ok - links-only page: exit $rc $(head -c 200 "$tmp/err")"
fi
