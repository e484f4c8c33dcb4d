/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_lexicon.c — `tingbao lexicon add|import-pls|export-pls`: a house
 * lexicon an editor keeps (a TSV file in the format of lexicon/NN-*.tsv, read
 * by every command's --lexicon), and its exchange as W3C PLS 1.0 (the
 * Pronunciation Lexicon Specification, read by DAISY Pipeline and many TTS
 * tools) with the pinyin in <phoneme alphabet="x-pinyin">. libxml2 parses
 * and writes the XML (network access and entity expansion off).
 */
#include <getopt.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fs.h"
#include "cli/cli.h"
#include "lexicon/lexicon.h"

#define PLS_NS "http://www.w3.org/2005/01/pronunciation-lexicon"
#define PLS_ALPHABET "x-pinyin"
#define HOUSE_DEFAULT "house.tsv"
#define MAX_FILE (64u << 20)

static void help(void)
{
    puts("Usage: tingbao lexicon add WORD PINYIN [--file F]\n"
         "       tingbao lexicon import-pls FILE.pls [--file F]\n"
         "       tingbao lexicon export-pls [--file F]... [-o OUT.pls]\n"
         "Keep a house lexicon: a TSV file (WORD<TAB>pin1 yin1, one syllable with its tone\n"
         "digit per character, as in lexicon/*.tsv) that render, batch, pinyin and check\n"
         "read with --lexicon F.\n"
         "  add          check the entry as the loader would, then write it into F (a line\n"
         "               for the same word is replaced); F is rewritten atomically\n"
         "  import-pls   add every <lexeme> of a W3C PLS 1.0 file (alphabet x-pinyin)\n"
         "  export-pls   write the entries of F (several --file: all, in order) as PLS 1.0\n"
         "               to OUT (atomically) or stdout\n"
         "  -f, --file F the house lexicon (default: " HOUSE_DEFAULT ")\n"
         "  -o, --output OUT\n"
         "Exit status: 0 done, 2 bad usage, 3 a bad entry (FILE:LINE: why), 1 other failure.");
}

/* Check "word<TAB>pinyin" like the loader; a message naming where on failure. */
static tb_status check_entry(const char *word, const char *pinyin, const char *where, size_t line,
                             tb_buf *out, tb_diag *diag)
{
    tb_buf_reset(out);
    tb_status st = tb_buf_adds(out, word);
    if (st == TB_OK)
        st = tb_buf_adds(out, "\t");
    if (st == TB_OK)
        st = tb_buf_adds(out, pinyin);
    if (st != TB_OK)
        return st;
    size_t col = 0;
    char why[200];
    st = tb_lex_check_line(out->data, out->len, &col, why, sizeof why);
    if (st == TB_ERR_LEXICON)
        tb_diag_set(diag, where, line, 0, "%s\t%s: %s", word, pinyin, why);
    return st;
}

/* The word of a TSV line (up to the tab), or 0 length for comments and blanks. */
static size_t line_word(const char *l, size_t n)
{
    if (n == 0 || l[0] == '#')
        return 0;
    const char *tab = memchr(l, '\t', n);
    return tab ? (size_t)(tab - l) : 0;
}

/* Rewrite `path` with each of the n entries ("word\tpinyin") replacing the
 * line of the same word, or appended; one atomic write. */
static tb_status upsert(const char *path, char **entries, size_t n, tb_diag *diag)
{
    char *old = NULL;
    size_t len = 0;
    if (tb_file_read(path, MAX_FILE, &old, &len, NULL) != TB_OK)
        len = 0; /* a new house lexicon */
    char *used = calloc(n ? n : 1, 1);
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = used ? TB_OK : TB_ERR_NOMEM;
    if (st == TB_OK && len == 0)
        st = tb_buf_adds(&b, "# house lexicon: WORD<TAB>pinyin (tingbao lexicon add)\n");
    for (size_t i = 0; st == TB_OK && i < len;) {
        const char *e = memchr(old + i, '\n', len - i);
        size_t ll = e ? (size_t)(e - old - i) : len - i, wl = line_word(old + i, ll), k = n;
        for (size_t j = n; wl && j-- > 0;)
            if (!used[j] && strncmp(entries[j], old + i, wl) == 0 && entries[j][wl] == '\t') {
                k = j;
                break;
            }
        if (k < n)
            used[k] = 1;
        st = tb_buf_add(&b, k < n ? entries[k] : old + i, k < n ? strlen(entries[k]) : ll);
        if (st == TB_OK)
            st = tb_buf_adds(&b, "\n");
        i += ll + 1;
    }
    for (size_t j = 0; st == TB_OK && j < n; j++) {
        int later = 0; /* a later entry for the same word wins */
        for (size_t k = j + 1; k < n && !later; k++)
            later =
                !strcmp(entries[k], entries[j]) ||
                (strchr(entries[j], '\t') - entries[j] == strchr(entries[k], '\t') - entries[k] &&
                 !strncmp(entries[j], entries[k], (size_t)(strchr(entries[j], '\t') - entries[j])));
        if (!used[j] && !later && (st = tb_buf_adds(&b, entries[j])) == TB_OK)
            st = tb_buf_adds(&b, "\n");
    }
    if (st == TB_OK)
        st = tb_file_write_atomic(path, b.data ? b.data : "", b.len, diag);
    free(used);
    free(old);
    tb_buf_free(&b);
    return st;
}

static int cmd_add(const char *word, const char *pinyin, const char *file)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_diag diag = {0};
    tb_status st = check_entry(word, pinyin, "lexicon add", 0, &b, &diag);
    char *entry = st == TB_OK ? strndup(b.data, b.len) : NULL;
    if (st == TB_OK && !entry)
        st = TB_ERR_NOMEM;
    if (st == TB_OK)
        st = upsert(file, &entry, 1, &diag);
    free(entry);
    tb_buf_free(&b);
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}

static int is_pls(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name) && n->ns &&
           !xmlStrcmp(n->ns->href, (const xmlChar *)PLS_NS);
}

/* The entries of one <lexeme>: each grapheme with the first x-pinyin phoneme. */
static tb_status lexeme(const char *path, xmlNode *lx, char ***v, size_t *n, size_t *cap,
                        tb_diag *diag)
{
    xmlChar *ph = NULL;
    for (xmlNode *c = lx->children; c && !ph; c = c->next)
        if (is_pls(c, "phoneme")) {
            xmlChar *alpha = xmlGetProp(c, (const xmlChar *)"alphabet");
            if (!alpha || !xmlStrcmp(alpha, (const xmlChar *)PLS_ALPHABET))
                ph = xmlNodeGetContent(c);
            xmlFree(alpha);
        }
    if (!ph) {
        tb_diag_set(diag, path, (size_t)xmlGetLineNo(lx), 0, "lexeme without an %s phoneme",
                    PLS_ALPHABET);
        return TB_ERR_LEXICON;
    }
    tb_status st = TB_OK;
    tb_buf b;
    tb_buf_init(&b, 0);
    for (xmlNode *c = lx->children; c && st == TB_OK; c = c->next) {
        if (!is_pls(c, "grapheme"))
            continue;
        xmlChar *g = xmlNodeGetContent(c);
        st = g ? check_entry((const char *)g, (const char *)ph, path, (size_t)xmlGetLineNo(c), &b,
                             diag)
               : TB_ERR_NOMEM;
        void *vv = *v;
        if (st == TB_OK && tb_grow(&vv, cap, *n, sizeof **v, 16) != TB_OK)
            st = TB_ERR_NOMEM;
        if (st == TB_OK) {
            *v = vv;
            (*v)[*n] = strndup(b.data, b.len);
            st = (*v)[*n] ? TB_OK : TB_ERR_NOMEM;
            *n += st == TB_OK;
        }
        xmlFree(g);
    }
    xmlFree(ph);
    tb_buf_free(&b);
    return st;
}

static int cmd_import(const char *pls, const char *file)
{
    tb_diag diag = {0};
    xmlDoc *doc = xmlReadFile(pls, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    tb_status st = TB_OK;
    if (!root || !is_pls(root, "lexicon")) {
        tb_diag_set(&diag, pls, 0, 0, "not a W3C PLS 1.0 lexicon (root <lexicon xmlns=\"%s\">)",
                    PLS_NS);
        st = TB_ERR_LEXICON;
    }
    char **v = NULL;
    size_t n = 0, cap = 0;
    for (xmlNode *c = root ? root->children : NULL; st == TB_OK && c; c = c->next)
        if (is_pls(c, "lexeme"))
            st = lexeme(pls, c, &v, &n, &cap, &diag);
    if (st == TB_OK)
        st = upsert(file, v, n, &diag);
    if (st == TB_OK)
        fprintf(stderr, "tingbao lexicon: %zu entries from %s into %s\n", n, pls, file);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    xmlFreeDoc(doc);
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}

/* One TSV file's entries as <lexeme>s; bad lines stop with FILE:LINE. */
static tb_status export_file(xmlTextWriter *w, const char *path, tb_diag *diag)
{
    char *data = NULL;
    size_t len = 0;
    tb_status st = tb_file_read(path, MAX_FILE, &data, &len, diag);
    size_t lineno = 0;
    for (size_t i = 0; st == TB_OK && i < len;) {
        const char *e = memchr(data + i, '\n', len - i);
        size_t ll = e ? (size_t)(e - data - i) : len - i, col = 0;
        char *l = data + i, why[200];
        lineno++;
        i += ll + 1;
        while (ll > 0 && (l[ll - 1] == '\r' || l[ll - 1] == ' '))
            ll--;
        if (ll == 0 || l[0] == '#')
            continue;
        l[ll] = '\0';
        if ((st = tb_lex_check_line(l, ll, &col, why, sizeof why)) != TB_OK) {
            tb_diag_set(diag, path, lineno, col, "%s", why);
            break;
        }
        char *tab = strchr(l, '\t');
        *tab = '\0';
        int ok = xmlTextWriterStartElement(w, BAD_CAST "lexeme") >= 0 &&
                 xmlTextWriterWriteElement(w, BAD_CAST "grapheme", BAD_CAST l) >= 0 &&
                 xmlTextWriterWriteElement(w, BAD_CAST "phoneme", BAD_CAST(tab + 1)) >= 0 &&
                 xmlTextWriterEndElement(w) >= 0;
        st = ok ? TB_OK : TB_ERR_NOMEM;
    }
    free(data);
    return st;
}

static int cmd_export(const char *const *files, size_t nf, const char *out)
{
    tb_diag diag = {0};
    xmlBuffer *buf = xmlBufferCreate();
    xmlTextWriter *w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    int ok = w && xmlTextWriterSetIndent(w, 1) >= 0 &&
             xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) >= 0 &&
             xmlTextWriterStartElement(w, BAD_CAST "lexicon") >= 0 &&
             xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1.0") >= 0 &&
             xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST PLS_NS) >= 0 &&
             xmlTextWriterWriteAttribute(w, BAD_CAST "alphabet", BAD_CAST PLS_ALPHABET) >= 0 &&
             xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "zh-CN") >= 0;
    tb_status st = ok ? TB_OK : TB_ERR_NOMEM;
    for (size_t i = 0; st == TB_OK && i < nf; i++)
        st = export_file(w, files[i], &diag);
    if (st == TB_OK && xmlTextWriterEndDocument(w) < 0)
        st = TB_ERR_NOMEM;
    xmlFreeTextWriter(w); /* flushes into buf */
    if (st == TB_OK && out)
        st = tb_file_write_atomic(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf), &diag);
    else if (st == TB_OK && fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf),
                                   stdout) != (size_t)xmlBufferLength(buf))
        st = TB_ERR_IO;
    if (buf)
        xmlBufferFree(buf);
    return st == TB_OK ? TB_EXIT_OK : tb_cli_error(st, &diag);
}

int tb_cmd_lexicon(int argc, char **argv)
{
    static const struct option opts[] = {{"file", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0, 0, 0, 0}};
    const char *files[64], *out = NULL;
    size_t nf = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (nf == sizeof files / sizeof files[0])
                return tb_cli_usage_error("lexicon", "too many --file");
            files[nf++] = optarg;
            break;
        case 'o': out = optarg; break;
        case 'h': help(); return TB_EXIT_OK;
        default: return tb_cli_usage_error("lexicon", "unknown option");
        }
    }
    const char *verb = optind < argc ? argv[optind] : "";
    int nargs = argc - optind - 1;
    if (nf == 0)
        files[nf++] = HOUSE_DEFAULT;
    if (!strcmp(verb, "add") && nargs == 2 && nf == 1)
        return cmd_add(argv[optind + 1], argv[optind + 2], files[0]);
    if (!strcmp(verb, "import-pls") && nargs == 1 && nf == 1)
        return cmd_import(argv[optind + 1], files[0]);
    if (!strcmp(verb, "export-pls") && nargs == 0)
        return cmd_export(files, nf, out);
    return tb_cli_usage_error("lexicon", "expected add WORD PINYIN, import-pls FILE or export-pls");
}
