/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * norm_int.h — the normaliser's internal contract, shared by the files of
 * src/normalize/ only (never included outside it).
 *
 * Two layers, after Flite's English normaliser:
 *   - expanders (numbers.c, units.c, latin.c): small pure functions that append
 *     the spoken form of one kind of thing (a cardinal, a digit string, a unit)
 *     to a tb_buf;
 *   - rules: one table (rules.c) of (matcher, expander) pairs whose rows live
 *     with their family (dates.c, figures.c, codes.c; shared reading helpers in
 *     scan.c). A matcher looks at the line at a position and says how many code
 *     points it claims and what it found; its expander writes the spoken form.
 *     normalize.c walks the line and asks the table at every position where a
 *     rule could start.
 * The line is held as code points (cp) plus an ASCII mirror (a) so that digit
 * runs can be handed to the expanders as plain char strings without copying.
 * Nothing here allocates except through the output tb_buf.
 */
#ifndef TB_NORM_INT_H
#define TB_NORM_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/tb.h"

/* One cleaned line (see normalize.c for the cleaning). */
typedef struct {
    const unsigned *cp; /* code points */
    const char *a;      /* a[i] = cp[i] when cp[i] < 0x80, else '\x01' */
    size_t n;           /* number of code points */
    const char *raw;    /* the line as given (UTF-8), for keyword searches */
    size_t rawlen;
    int *lazy;          /* NCTX_FLAGS context flags, -1 until first asked; may be NULL */
} nctx;

/* Context flags of a line, computed on first use (normalize.c):
 * sports — the line speaks of a match: a:b and a-b are scores;
 * phone — the line speaks of phoning (电话, 热线, 拨打, …): 1 is 幺;
 * code — the line speaks of codes (身份证, 邮编, 代码, …): long numbers are IDs. */
enum { NCTX_SPORTS, NCTX_PHONE, NCTX_CODE, NCTX_FLAGS };
int tb_nc_flag(const nctx *c, int which);

/* A number as written: [s,e) is all of it; [is,ie) its integer part (which may
 * contain ',' thousands separators when commas is set); [fs,fe) the digits after
 * the decimal point (fs == fe when there are none). */
typedef struct {
    size_t s, e, is, ie, fs, fe;
    int neg;    /* a leading '-' or '负' that is part of the number */
    int commas; /* integer part uses thousands separators */
} nnum;

/* What a matcher found. */
typedef struct {
    size_t at;        /* where the match starts (set before the matcher runs) */
    size_t len;       /* code points claimed from the start position */
    nnum num[4];
    int nnum;
    int kind;         /* matcher-specific variant */
    const void *data; /* matcher-specific (a unit, a currency, …) */
    const void *data2; /* a second one (the unit after "/" in m³/min) */
    size_t aux;       /* matcher-specific position */
} nmatch;

typedef size_t (*nmatcher)(const nctx *c, size_t i, nmatch *m);
typedef tb_status (*nexpander)(const nctx *c, const nmatch *m, tb_buf *o);

/* ---- numbers.c: pure number expanders ---------------------------------- */

/* Flags for the cardinal reader. */
enum {
    NX_LIANG = 1, /* a leading 2 before 千/万/亿 is 两 (2000 → 两千, 2万 → 两万) */
    NX_COUNT = 2, /* the number counts things: a lone 2 is 两 (2个 → 两个) */
    NX_YAO = 4,   /* digit strings read 1 as 幺 (phone numbers) */
    NX_TRIM = 8   /* trailing zeros after the point are not said (36.00元 → 三十六元) */
};

/* Longest integer read as an amount; longer runs are read digit by digit. */
#define NX_MAX_CARDINAL 16

/* Append d[0..n) (ASCII digits) one digit at a time: 2022 → 二零二二. */
tb_status tb_nx_digits(tb_buf *o, const char *d, size_t n, int flags);
/* Append the integer d[0..n) as an amount: 1005 → 一千零五, 12 → 十二.
 * Leading zeros are skipped; more than NX_MAX_CARDINAL significant digits are
 * read digit by digit. n == 0 appends nothing. */
tb_status tb_nx_cardinal(tb_buf *o, const char *d, size_t n, int flags);
/* Append int.frac: 0.5 → 零点五, 3456.7 → 三千四百五十六点七. */
tb_status tb_nx_decimal(tb_buf *o, const char *d, size_t n, const char *f, size_t fn, int flags);
/* Append a parsed number of the line (sign, separators, decimals). */
tb_status tb_nx_num(tb_buf *o, const nctx *c, const nnum *x, int flags);
/* Value of a parsed number's integer part, or -1 when above 10^9 or with commas. */
long tb_nx_value(const nctx *c, const nnum *x);
/* Spoken form of one digit, "零".."九" (yao: 1 → 幺). */
const char *tb_nx_digit_word(int d, int yao);

/* ---- units.c: measure units and currencies ---------------------------- */

typedef struct {
    const char *written; /* UTF-8, as it follows the number */
    const char *spoken;  /* UTF-8 */
} nunit;

/* The longest unit written at c[i..) that ends at a word boundary (no ASCII
 * letter or digit after it), or NULL; *len gets its length in code points. */
const nunit *tb_nu_unit(const nctx *c, size_t i, size_t *len);
/* A currency sign or code written before an amount (¥ $ € £ US$ CNY …). */
const nunit *tb_nu_currency(const nctx *c, size_t i, size_t *len);

/* ---- latin.c: Latin letters, e-mail, URLs ---------------------------- */

/* A run of ASCII letters at i; returns its length (0 if none). */
size_t tb_nl_letters(const nctx *c, size_t i);
/* Append a run of Latin letters as it should stay for the English voice:
 * known abbreviations written in lower case are put in capitals (gdp → GDP). */
tb_status tb_nl_word(tb_buf *o, const nctx *c, size_t s, size_t e);
/* An e-mail address or URL starting at i: its length, or 0. */
size_t tb_nl_addr_len(const nctx *c, size_t i);
/* Append the spoken form of an e-mail address or URL at [s,e). */
tb_status tb_nl_addr(tb_buf *o, const nctx *c, size_t s, size_t e);

/* ---- punct.c: punctuation and symbols one at a time -------------------- */

/* Append what the character at i becomes (a pause mark, a word, itself, or
 * nothing). Returns TB_OK or a buffer error. */
tb_status tb_np_char(tb_buf *o, const nctx *c, size_t i);
/* True when cp is a pause mark we keep (，。、；：！？). */
int tb_np_is_pause(unsigned cp);

/* ---- rules.c: the table ------------------------------------------------ */

/* Try every rule at i in table order; on a match append its spoken form and
 * set *used to the code points consumed (> 0). *used == 0: nothing matched. */
tb_status tb_nr_apply(const nctx *c, size_t i, tb_buf *o, size_t *used);

/* ---- scan.c: reading helpers shared by the matchers ------------------- */

/* End of the digit run at i (i itself when there is none). */
size_t tb_ns_digits_end(const nctx *c, size_t i);
/* Is cp a dash, tilde or minus that can separate a range? */
int tb_ns_is_dash(unsigned cp);
/* Length of a range separator at i (spaces, one dash or ——, 至, 到), or 0. */
size_t tb_ns_range_sep(const nctx *c, size_t i);
/* Is cp one of the UTF-8 characters of set? */
int tb_ns_in_set(unsigned cp, const char *set);
/* Does the text before i (skipping spaces, 是, 为, ：, “) end with one of the
 * '|'-separated words? */
int tb_ns_word_before(const nctx *c, size_t i, const char *words);
/* Does the text at i start with one of the '|'-separated words? */
int tb_ns_word_at(const nctx *c, size_t i, const char *words);
/* Parse a number at i into *x (see nnum); returns its end, i when none. */
size_t tb_ns_parse_num(const nctx *c, size_t i, nnum *x, int allow_sign);
/* An integer without sign? Its number of integer digits? */
int tb_ns_is_int(const nnum *x);
size_t tb_ns_ndig(const nnum *x);
/* Is the '-' (or 负) at i a minus sign rather than a range or a hyphen? */
int tb_ns_minus_here(const nctx *c, size_t i);
/* Append a parsed number (tb_nx_num) / the digits c[s..e) one by one. */
tb_status tb_ns_num(tb_buf *o, const nctx *c, const nnum *x, int flags);
tb_status tb_ns_digits(tb_buf *o, const nctx *c, size_t s, size_t e, int flags);
/* Is cp a measure word after which a lone 2 is 两? */
int tb_ns_counts(unsigned cp);
/* NX_* flags for reading x where it stands (两 before a measure word …). */
int tb_ns_count_flags(const nctx *c, const nnum *x);
/* Nearest non-space character before i / at or after i, or 0. */
unsigned tb_ns_before(const nctx *c, size_t i);
unsigned tb_ns_after(const nctx *c, size_t i);
/* Length of an era mark (ad, a.d., bc, b.c.) at i; *kind 1 = 公元, 2 = 公元前. */
size_t tb_ns_era(const nctx *c, size_t i, int *kind);

/* ---- dates.c, figures.c, codes.c: the rows of the table ----------------- */
/* tb_nr_match_X has the nmatcher signature, tb_nr_say_X the nexpander one. */

size_t tb_nr_match_date_sep(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_date_sep(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_dot_day(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_dot_day(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_year_month(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_year_month(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_year_range(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_year_range(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_time(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_time(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_generation(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_generation(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_year(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_year(const nctx *c, const nmatch *m, tb_buf *o);

size_t tb_nr_match_ratio(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_ratio(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_percent(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_percent(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_fraction(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_fraction(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_times(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_times(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_number(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_number(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_range_sep(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_range_sep(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_money(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_money(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_unit(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_unit(const nctx *c, const nmatch *m, tb_buf *o);

size_t tb_nr_match_plate(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_plate(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_addr(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_addr(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_alnum(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_alnum(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_model(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_model(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_code(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_code(const nctx *c, const nmatch *m, tb_buf *o);
size_t tb_nr_match_word(const nctx *c, size_t i, nmatch *m);
tb_status tb_nr_say_word(const nctx *c, const nmatch *m, tb_buf *o);

/* ---- inline character tests ------------------------------------------- */

static inline int nis_digit(const nctx *c, size_t i)
{
    return i < c->n && c->a[i] >= '0' && c->a[i] <= '9';
}
static inline int nis_alpha(const nctx *c, size_t i)
{
    return i < c->n && ((c->a[i] >= 'a' && c->a[i] <= 'z') || (c->a[i] >= 'A' && c->a[i] <= 'Z'));
}
static inline unsigned ncp(const nctx *c, size_t i)
{
    return i < c->n ? c->cp[i] : 0;
}

#endif
