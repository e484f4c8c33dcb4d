/* SPDX-License-Identifier: GPL-3.0-or-later */
/* html.c — the accessible page and its chapter track; see html.h. */
#include "publish/html.h"
#include "publish/transcript.h"

#include <stdio.h>
#include <string.h>

#include "base/fs.h"
#include "publish/a11y.h"

/* Our own constants, written raw into <style> and <script>: neither may
 * contain "</" (checked by tests/unit/test_publish_a11y.c through the page). */
static const char page_css[] =
    "body{font-family:system-ui,\"Noto Sans CJK SC\",\"PingFang SC\",sans-serif;"
    "line-height:1.8;max-width:46em;margin:0 auto;padding:0 1em;color:#1a1a1a;background:#fff}"
    "a{color:#0b4f9c}"
    ":focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}"
    ".skip{position:absolute;left:-999em}.skip:focus{position:static}"
    "audio{width:100%}"
    ".speaking{background:#ffe066;color:#000;outline:2px solid #7a5c00}"
    ".time{color:#4a4a4a}"
    ".now{min-height:1.8em;font-weight:bold}"
    ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    /* many low-vision readers browse in dark mode or with forced colours */
    ":root{color-scheme:light dark}"
    "@media (prefers-color-scheme:dark){body{color:#ececec;background:#121212}"
    "a{color:#9ccaff}:focus-visible{outline-color:#9ccaff}.time{color:#c4c4c4}}"
    "@media (forced-colors:active){.speaking{background:Mark;color:MarkText;"
    "outline:2px solid CanvasText}}";

static const char page_js[] =
    "(function(){'use strict';\n"
    "var player=document.getElementById('player');\n"
    "var sections=[].slice.call(document.querySelectorAll('main section[data-start]'));\n"
    "var sentences=[].slice.call(document.querySelectorAll('main .sentence'));\n"
    "var now=document.getElementById('now'),status=document.getElementById('status');\n"
    "var announce=document.getElementById('announce'),current=null;\n"
    "if(!player||!sections.length)return;\n"
    "document.getElementById('announce-row').hidden=false;\n"
    "announce.addEventListener('change',function(){\n"
    "  now.setAttribute('aria-live',announce.checked?'polite':'off');});\n"
    "function highlight(t){\n"
    "  var found=null;\n"
    "  for(var i=0;i<sentences.length;i++){var s=sentences[i];\n"
    "    if(t>=+s.dataset.start&&t<+s.dataset.end){found=s;break;}}\n"
    "  if(found===current)return;\n"
    "  if(current){current.classList.remove('speaking');current.removeAttribute('aria-current');}\n"
    "  current=found;\n"
    "  if(found){found.classList.add('speaking');found.setAttribute('aria-current','true');\n"
    "    now.textContent=found.textContent;}}\n"
    "var players=[player],active=player;\n"
    "sections.forEach(function(sec){var "
    "a=sec.querySelector('audio');if(!a)return;players.push(a);\n"
    "  "
    "a.addEventListener('timeupdate',function(){highlight(+sec.dataset.start+a.currentTime);});});"
    "\n"
    "player.addEventListener('timeupdate',function(){highlight(player.currentTime);});\n"
    "players.forEach(function(p){p.addEventListener('play',function(){active=p;\n"
    "  players.forEach(function(q){if(q!==p&&!q.paused)q.pause();});});});\n"
    "function sectionAt(t){var k=0;\n"
    "  for(var i=0;i<sections.length;i++)if(t+0.05>=+sections[i].dataset.start)k=i;return k;}\n"
    "function announceSection(i){var h=sections[i].querySelector('h2,h3');\n"
    "  status.textContent='\\u7b2c'+(i+1)+'\\u8282\\uff1a'+(h?h.textContent:'');}\n"
    "function play(p){var r=p.play();if(r&&r.catch)r.catch(function(){});}\n"
    "function go(delta){\n"
    "  var i,own=active!==player?sections.indexOf(active.closest('section')):-1;\n"
    "  if(own>=0){\n"
    /* a section's own player was last used: move to the next section's player */
    "    i=Math.min(Math.max(own+delta,0),sections.length-1);\n"
    "    var next=sections[i].querySelector('audio'),was=!active.paused;\n"
    "    if(next!==active){active.pause();next.currentTime=0;active=next;if(was)play(next);}\n"
    "  }else{\n"
    "    i=Math.min(Math.max(sectionAt(player.currentTime)+delta,0),sections.length-1);\n"
    "    player.currentTime=+sections[i].dataset.start;highlight(player.currentTime);}\n"
    "  announceSection(i);}\n"
    "function inControl(el){return "
    "!!el&&(/^(INPUT|TEXTAREA|SELECT|BUTTON|AUDIO|VIDEO)$/.test(el.tagName)\n"
    "  ||el.isContentEditable);}\n"
    "document.addEventListener('keydown',function(e){\n"
    "  var chord=e.altKey&&e.shiftKey&&!e.ctrlKey&&!e.metaKey;\n"
    "  var plain=!e.altKey&&!e.ctrlKey&&!e.metaKey&&!inControl(document.activeElement);\n"
    "  var act=null;\n"
    "  if(chord&&e.code==='KeyN'||plain&&e.key===']')act='next';\n"
    "  else if(chord&&e.code==='KeyP'||plain&&e.key==='[')act='prev';\n"
    "  else if(chord&&e.code==='Space')act='toggle';\n"
    "  if(!act)return;\n"
    "  e.preventDefault();\n"
    "  if(act==='toggle'){if(active.paused)play(active);else active.pause();}\n"
    "  else go(act==='next'?1:-1);});\n"
    "})();\n";

/* "m:ss" or "h:mm:ss" for people, in whole seconds (cut, as players show). */
static void human_time(long long ms, char out[32])
{
    long long s = ms / 1000;
    if (s >= 3600)
        snprintf(out, 32, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, 32, "%lld:%02lld", s / 60, s % 60);
}

/* A file name of the edition as a relative URL: bytes that mean something
 * in a URL (space, #, %, ?, quotes, …) percent-encoded; UTF-8 letters kept. */
static void href_of(const char *name, char out[1024])
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < 1024; p++) {
        if (*p <= 0x20 || *p == 0x7f || strchr("\"#%<>?[\\]^`{|}:", *p)) {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        } else {
            out[o++] = (char)*p;
        }
    }
    out[o] = '\0';
}

static void file_attr(tb_xw *x, const char *attr_name, const char *file)
{
    char href[1024];
    href_of(file, href);
    tb_xw_attr(x, attr_name, href);
}

static void seconds_attr(tb_xw *x, const char *name, long long ms)
{
    char v[40];
    snprintf(v, sizeof v, "%lld.%03lld", ms / 1000, ms % 1000);
    tb_xw_attr(x, name, v);
}

static void link(tb_xw *x, const char *href, const char *text)
{
    tb_xw_start(x, "a");
    tb_xw_attr(x, "href", href);
    tb_xw_text(x, text);
    tb_xw_full_end(x);
}

/* A link to a file of the edition (its name made a URL). */
static void file_link(tb_xw *x, const char *file, const char *text)
{
    char href[1024];
    href_of(file, href);
    link(x, href, text);
}

static void sentence_span(tb_xw *x, const tb_manifest *m, size_t sec, size_t sen)
{
    char id[48];
    long long b, e;
    tb_a11y_sentence_id(sec, sen, id);
    tb_a11y_sentence_clip(m, sec, sen, &b, &e);
    tb_xw_start(x, "span");
    tb_xw_attr(x, "class", "sentence");
    tb_xw_attr(x, "id", id);
    seconds_attr(x, "data-start", b);
    seconds_attr(x, "data-end", e);
    tb_xw_text(x, m->sections[sec].sentences[sen].text);
    tb_xw_full_end(x);
}

static void head(tb_xw *x, const tb_manifest *m)
{
    tb_xw_start(x, "head");
    tb_xw_start(x, "meta");
    tb_xw_attr(x, "charset", "utf-8");
    tb_xw_end(x);
    tb_xw_start(x, "meta");
    tb_xw_attr(x, "name", "viewport");
    tb_xw_attr(x, "content", "width=device-width, initial-scale=1");
    tb_xw_end(x);
    tb_xw_start(x, "meta");
    tb_xw_attr(x, "name", "generator");
    tb_xw_attr(x, "content", "tingbao " TB_VERSION);
    tb_xw_end(x);
    tb_xw_el(x, "title", m->title);
    tb_xw_start(x, "link"); /* no icon: spares every visit a request that fails */
    tb_xw_attr(x, "rel", "icon");
    tb_xw_attr(x, "href", "data:,");
    tb_xw_end(x);
    tb_xw_start(x, "style");
    tb_xw_raw(x, page_css);
    tb_xw_full_end(x);
    tb_xw_full_end(x);
}

/* The player of the whole edition: the MP3, else the Opus file, with the chapters. */
static void edition_player(tb_xw *x, const tb_manifest *m)
{
    const char *main_file = m->mp3_file ? m->mp3_file : m->edition_file;
    tb_xw_start(x, "audio");
    tb_xw_attr(x, "id", "player");
    tb_xw_attr(x, "controls", "controls");
    tb_xw_attr(x, "preload", "metadata");
    tb_xw_attr(x, "aria-label", "整版播放器");
    if (m->mp3_file) {
        tb_xw_start(x, "source");
        file_attr(x, "src", m->mp3_file);
        tb_xw_attr(x, "type", "audio/mpeg");
        tb_xw_end(x);
    }
    tb_xw_start(x, "source");
    file_attr(x, "src", m->edition_file);
    tb_xw_attr(x, "type", "audio/ogg; codecs=opus");
    tb_xw_end(x);
    tb_xw_start(x, "track");
    tb_xw_attr(x, "kind", "chapters");
    tb_xw_attr(x, "src", "chapters.vtt");
    tb_xw_attr(x, "srclang", "zh-CN");
    tb_xw_attr(x, "label", "章节");
    tb_xw_attr(x, "default", "default");
    tb_xw_end(x);
    file_link(x, main_file, "下载整版音频");
    tb_xw_full_end(x); /* audio */
}

static void header(tb_xw *x, const tb_manifest *m)
{
    char t[32];
    tb_xw_start(x, "header");
    tb_xw_start(x, "h1");
    tb_xw_attr(x, "id", "title");
    tb_xw_text(x, m->title);
    tb_xw_full_end(x);
    tb_xw_start(x, "p");
    if (m->date && *m->date) {
        tb_xw_start(x, "time");
        tb_xw_attr(x, "datetime", m->date);
        tb_xw_text(x, m->date);
        tb_xw_full_end(x);
        tb_xw_text(x, " · ");
    }
    human_time(tb_a11y_ms(m->duration), t);
    tb_xw_text(x, "全长 ");
    tb_xw_text(x, t);
    tb_xw_text(x, " · 语音合成朗读");
    tb_xw_full_end(x);
    if (m->description[0])
        tb_xw_el(x, "p", m->description);

    edition_player(x, m);

    tb_xw_start(x, "p");
    tb_xw_attr(x, "id", "keys");
    tb_xw_text(x, "键盘快捷键（需要 JavaScript）：Alt+Shift+N 下一节，Alt+Shift+P 上一节，"
                  "Alt+Shift+空格 播放或暂停整版音频；焦点不在播放器或表单控件上时，"
                  "也可按 ] 到下一节、按 [ 到上一节。");
    tb_xw_full_end(x);
    /* shown by the script: without it there is nothing to announce */
    tb_xw_start(x, "p");
    tb_xw_attr(x, "id", "announce-row");
    tb_xw_attr(x, "hidden", "hidden");
    tb_xw_start(x, "input");
    tb_xw_attr(x, "type", "checkbox");
    tb_xw_attr(x, "id", "announce");
    tb_xw_end(x);
    tb_xw_text(x, " ");
    tb_xw_start(x, "label");
    tb_xw_attr(x, "for", "announce");
    tb_xw_text(x, "播放时让读屏软件播报正在朗读的句子");
    tb_xw_full_end(x);
    tb_xw_full_end(x);
    tb_xw_start(x, "p");
    tb_xw_attr(x, "id", "now");
    tb_xw_attr(x, "class", "now");
    tb_xw_attr(x, "aria-live", "off");
    tb_xw_attr(x, "aria-atomic", "true");
    tb_xw_full_end(x);
    tb_xw_start(x, "p");
    tb_xw_attr(x, "id", "status");
    tb_xw_attr(x, "class", "visually-hidden");
    tb_xw_attr(x, "role", "status");
    tb_xw_full_end(x);
    tb_xw_full_end(x); /* header */
}

static void toc(tb_xw *x, const tb_manifest *m)
{
    char href[40], t[32];
    long long b, e;
    tb_xw_start(x, "nav");
    tb_xw_attr(x, "aria-labelledby", "toc-h");
    tb_xw_start(x, "h2");
    tb_xw_attr(x, "id", "toc-h");
    tb_xw_text(x, "目录");
    tb_xw_full_end(x);
    tb_xw_start(x, "ol");
    for (size_t i = 0; i < m->n_sections; i++) {
        href[0] = '#';
        tb_a11y_section_id(i, href + 1);
        tb_a11y_section_clip(m, i, &b, &e);
        human_time(b, t);
        tb_xw_start(x, "li");
        link(x, href, m->sections[i].title);
        tb_xw_text(x, " ");
        tb_xw_start(x, "span");
        tb_xw_attr(x, "class", "time");
        tb_xw_text(x, t);
        tb_xw_full_end(x);
        tb_xw_full_end(x);
    }
    tb_xw_full_end(x);
    tb_xw_full_end(x);
}

/* Non-zero when another section has section i's title (several untitled
 * intros are all "导语"): its region then needs a name of its own, since
 * landmarks must be told apart (axe-core's landmark-unique). */
static int shared_title(const tb_manifest *m, size_t i)
{
    for (size_t k = 0; k < m->n_sections; k++)
        if (k != i && !strcmp(m->sections[k].title, m->sections[i].title))
            return 1;
    return 0;
}

/* The section's region is named by its heading, or, when the title is not
 * unique, by the title and its place: "导语（第3节）". */
static void section_name(tb_xw *x, const tb_manifest *m, size_t i, const char *hid)
{
    if (!shared_title(m, i)) {
        tb_xw_attr(x, "aria-labelledby", hid);
        return;
    }
    tb_buf b;
    tb_buf_init(&b, 1 << 16);
    if (tb_buf_printf(&b, "%s（第%zu节）", m->sections[i].title, i + 1) != TB_OK)
        tb_xw_fail(x);
    tb_xw_attr(x, "aria-label", b.data ? b.data : "");
    tb_buf_free(&b);
}

static void section(tb_xw *x, const tb_manifest *m, size_t i)
{
    const tb_man_section *s = &m->sections[i];
    char id[32], hid[40], label[64];
    long long b, e;
    tb_a11y_section_id(i, id);
    snprintf(hid, sizeof hid, "%s-h", id);
    tb_a11y_section_clip(m, i, &b, &e);
    tb_xw_start(x, "section");
    tb_xw_attr(x, "id", id);
    section_name(x, m, i, hid);
    seconds_attr(x, "data-start", b);
    seconds_attr(x, "data-end", e);
    tb_xw_start(x, tb_man_level(m, i) == 1 ? "h2" : "h3"); /* article, then its sections */
    tb_xw_attr(x, "id", hid);
    int spoken = tb_a11y_title_is_spoken(s);
    if (spoken)
        sentence_span(x, m, i, 0);
    else
        tb_xw_text(x, s->title);
    tb_xw_full_end(x);

    snprintf(label, sizeof label, "第%zu节播放器", i + 1);
    tb_xw_start(x, "p");
    tb_xw_start(x, "audio");
    tb_xw_attr(x, "controls", "controls");
    tb_xw_attr(x, "preload", "metadata");
    file_attr(x, "src", s->file);
    tb_xw_attr(x, "aria-label", label);
    file_link(x, s->file, "下载本节音频");
    tb_xw_full_end(x);
    tb_xw_full_end(x);

    if (s->n_sentences > (size_t)spoken) {
        tb_xw_start(x, "p");
        for (size_t j = (size_t)spoken; j < s->n_sentences; j++) {
            if (j > (size_t)spoken && tb_man_new_paragraph(s, j)) { /* the source's paragraphs */
                tb_xw_full_end(x);
                tb_xw_start(x, "p");
            }
            sentence_span(x, m, i, j);
        }
        tb_xw_full_end(x);
    }
    tb_xw_full_end(x); /* section */
}

static void footer(tb_xw *x, const tb_manifest *m)
{
    tb_xw_start(x, "footer");
    tb_xw_start(x, "p");
    tb_xw_text(x, "其他格式：");
    if (m->mp3_file) {
        file_link(x, m->mp3_file, "MP3 整版");
        tb_xw_text(x, " · ");
    }
    file_link(x, m->edition_file, "Opus 整版");
    tb_xw_text(x, " · ");
    if (m->mp3_file) {
        link(x, "edition.epub", "EPUB 有声书（文字与朗读同步）");
        tb_xw_text(x, " · ");
        link(x, "daisy/ncc.html", "DAISY 有声书");
        tb_xw_text(x, " · ");
    }
    link(x, "transcript.vtt", "文字稿（WebVTT）");
    tb_xw_text(x, " · ");
    link(x, "playlist.m3u8", "分节播放列表");
    tb_xw_full_end(x);
    tb_xw_full_end(x);
}

tb_status tb_html_page(const tb_manifest *m, tb_buf *out)
{
    tb_status st = tb_buf_adds(out, "<!DOCTYPE html>\n");
    if (st != TB_OK)
        return st;
    tb_xw *x = NULL;
    if ((st = tb_xw_new(0, &x)) != TB_OK)
        return st;
    /* declared UTF-8 so that attributes keep their characters (no &#x…;
     * references); the XML declaration itself is dropped below: HTML has none */
    tb_xw_begin(x, NULL, "UTF-8");
    tb_xw_start(x, "html");
    tb_xw_attr(x, "lang", "zh-CN");
    head(x, m);
    tb_xw_start(x, "body");
    tb_xw_start(x, "a");
    tb_xw_attr(x, "class", "skip");
    tb_xw_attr(x, "href", "#main");
    tb_xw_text(x, "跳到正文");
    tb_xw_full_end(x);
    header(x, m);
    toc(x, m);
    tb_xw_start(x, "main");
    tb_xw_attr(x, "id", "main");
    for (size_t i = 0; i < m->n_sections; i++)
        section(x, m, i);
    tb_xw_full_end(x);
    footer(x, m);
    tb_xw_start(x, "script");
    tb_xw_raw(x, page_js);
    tb_xw_full_end(x);
    tb_xw_full_end(x); /* body */
    tb_xw_full_end(x); /* html */
    tb_buf doc;
    tb_buf_init(&doc, 0);
    st = tb_xw_finish(x, &doc);
    const char *body = doc.data ? strstr(doc.data, "?>\n") : NULL;
    if (st == TB_OK && !body)
        st = TB_ERR_IO;
    if (st == TB_OK)
        st = tb_buf_adds(out, body + 3);
    if (st == TB_OK)
        st = tb_buf_addc(out, '\n');
    tb_buf_free(&doc);
    return st;
}

tb_status tb_html_chapters_vtt(const tb_manifest *m, tb_buf *out)
{
    tb_status st = tb_buf_adds(out, "WEBVTT\n");
    long long prev_end = 0;
    for (size_t i = 0; i < m->n_sections && st == TB_OK; i++) {
        char id[32];
        long long b, e;
        tb_a11y_section_id(i, id);
        tb_a11y_section_clip(m, i, &b, &e);
        if (b < prev_end) /* chapters never overlap */
            b = prev_end;
        if (e <= b)
            e = b + 1;
        prev_end = e;
        st = tb_buf_printf(out, "\n%s\n", id);
        if (st == TB_OK)
            st = tb_vtt_add_time(out, b);
        if (st == TB_OK)
            st = tb_buf_adds(out, " --> ");
        if (st == TB_OK)
            st = tb_vtt_add_time(out, e);
        if (st == TB_OK)
            st = tb_buf_addc(out, '\n');
        if (st == TB_OK)
            st = tb_vtt_add_text(out, m->sections[i].title);
        if (st == TB_OK)
            st = tb_buf_addc(out, '\n');
    }
    return st;
}

static tb_status write_file(const tb_manifest *m, const char *name,
                            tb_status (*fn)(const tb_manifest *, tb_buf *), tb_diag *diag)
{
    char path[4400];
    if (snprintf(path, sizeof path, "%s/%s", m->dir, name) >= (int)sizeof path)
        return TB_ERR_USAGE;
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = fn(m, &b);
    if (st == TB_OK)
        st = tb_manifest_write_file(m, path, b.data, b.len, diag);
    tb_buf_free(&b);
    return st;
}

tb_status tb_html_write(const tb_manifest *m, tb_diag *diag)
{
    tb_status st = write_file(m, "chapters.vtt", tb_html_chapters_vtt, diag);
    if (st == TB_OK)
        st = write_file(m, "index.html", tb_html_page, diag);
    return st;
}
