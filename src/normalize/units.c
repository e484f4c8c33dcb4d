/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * units.c — measure units and currency signs, as data: what follows (or, for
 * money, precedes) a number in writing and what a newsreader says instead.
 * rules.c asks for the longest unit at a position; the tables are the whole of
 * the knowledge here. Conventions: km → 公里 (news usage), kg → 千克,
 * km/h → 公里每小时, ℃/°C → 摄氏度, ¥/￥ → 元, $ → 美元.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "base/utf8.h"

/* Laid out by family: kept out of clang-format. */
/* clang-format off */
static const nunit UNITS[] = {
    {"km/h", "公里每小时"}, {"KM/H", "公里每小时"}, {"Km/h", "公里每小时"}, {"KM/h", "公里每小时"},
    {"KG", "千克"}, {"Kg", "千克"}, {"KM", "公里"}, {"Km", "公里"}, {"CM", "厘米"}, {"MM", "毫米"}, {"km/s", "公里每秒"}, {"m/s²", "米每二次方秒"}, {"m/s", "米每秒"},
    {"mph", "英里每小时"}, {"rpm", "转每分"}, {"r/min", "转每分"}, {"°/min", "度每分钟"},
    {"mol/L", "摩尔每升"}, {"mg/L", "毫克每升"}, {"g/L", "克每升"}, {"kg/m³", "千克每立方米"},
    {"μg/m³", "微克每立方米"}, {"ug/m³", "微克每立方米"}, {"mg/m³", "毫克每立方米"},
    {"km²", "平方公里"}, {"km2", "平方公里"}, {"m²", "平方米"}, {"m2", "平方米"}, {"m3", "立方米"}, {"cm²", "平方厘米"},
    {"mm²", "平方毫米"}, {"m³", "立方米"}, {"cm³", "立方厘米"}, {"dm³", "立方分米"},
    {"㎡", "平方米"}, {"㎞", "公里"}, {"㎏", "千克"}, {"㎎", "毫克"}, {"㎝", "厘米"}, {"㎜", "毫米"},
    {"km", "公里"}, {"cm", "厘米"}, {"mm", "毫米"}, {"dm", "分米"}, {"μm", "微米"}, {"um", "微米"},
    {"nm", "纳米"}, {"m", "米"},
    {"kg", "千克"}, {"mg", "毫克"}, {"μg", "微克"}, {"g", "克"}, {"kt", "千吨"}, {"t", "吨"},
    {"mL", "毫升"}, {"ml", "毫升"}, {"L", "升"},
    {"kW·h", "千瓦时"}, {"kW•h", "千瓦时"}, {"kw·h", "千瓦时"}, {"KW·h", "千瓦时"}, {"KWh", "千瓦时"}, {"kWh", "千瓦时"}, {"kwh", "千瓦时"},
    {"MW·h", "兆瓦时"}, {"MWh", "兆瓦时"}, {"GWh", "吉瓦时"}, {"TWh", "太瓦时"},
    {"kW", "千瓦"}, {"kw", "千瓦"}, {"MW", "兆瓦"}, {"GW", "吉瓦"}, {"W", "瓦"},
    {"kV", "千伏"}, {"kv", "千伏"}, {"V", "伏"}, {"mAh", "毫安时"}, {"mA", "毫安"},
    {"kHz", "千赫兹"}, {"MHz", "兆赫兹"}, {"GHz", "吉赫兹"}, {"Hz", "赫兹"},
    {"ms", "毫秒"}, {"μs", "微秒"}, {"ns", "纳秒"}, {"min", "分钟"}, {"s", "秒"}, {"h", "小时"},
    {"N·m", "牛米"}, {"N•m", "牛米"}, {"Nm", "牛米"}, {"kN", "千牛"},
    {"mmHg", "毫米汞柱"}, {"kPa", "千帕"}, {"MPa", "兆帕"}, {"hPa", "百帕"}, {"Pa", "帕"}, {"dB", "分贝"},
    {"μmol/L", "微摩尔每升"}, {"mmol/L", "毫摩尔每升"}, {"μmol", "微摩尔"}, {"mmol", "毫摩尔"},
    {"kcal", "千卡"}, {"cal", "卡"}, {"mol", "摩尔"}, {"ha", "公顷"},
    {"kΩ", "千欧姆"}, {"MΩ", "兆欧姆"}, {"Ω", "欧姆"}, {"μF", "微法拉"}, {"nF", "纳法拉"},
    {"pF", "皮法拉"}, {"mF", "毫法拉"}, {"μH", "微亨"}, {"mH", "毫亨"},
    {"℃", "摄氏度"}, {"°C", "摄氏度"}, {"℉", "华氏度"}, {"°F", "华氏度"}, {"°", "度"},
};
/* clang-format on */

/* Laid out by family: kept out of clang-format. */
/* clang-format off */
static const nunit CURRENCY[] = {
    {"US$", "美元"}, {"HK$", "港元"}, {"NT$", "新台币"}, {"A$", "澳元"}, {"C$", "加元"},
    {"¥", "元"}, {"￥", "元"}, {"$", "美元"}, {"€", "欧元"}, {"£", "英镑"}, {"₩", "韩元"},
    {"₹", "卢比"}, {"CNY", "人民币"}, {"RMB", "人民币"}, {"USD", "美元"}, {"EUR", "欧元"},
    {"GBP", "英镑"}, {"JPY", "日元"}, {"HKD", "港元"},
};
/* clang-format on */

/* Length in code points of `w` if it is written at c[i..), else 0. */
static size_t written_at(const nctx *c, size_t i, const char *w)
{
    /* cheap first-character test before decoding the whole unit */
    unsigned c0 = c->cp[i];
    if (c0 < 0x80 ? (unsigned char)w[0] != c0 : (unsigned char)w[0] < 0x80)
        return 0;
    size_t wn = strlen(w), k = 0, j = i;
    while (k < wn) {
        unsigned cp;
        size_t l = tb_utf8_decode(w + k, wn - k, &cp);
        if (l == 0 || j >= c->n || c->cp[j] != cp)
            return 0;
        k += l;
        j++;
    }
    return j - i;
}

static const nunit *longest(const nunit *t, size_t nt, const nctx *c, size_t i, size_t *len,
                            int need_end)
{
    const nunit *best = NULL;
    size_t bl = 0;
    for (size_t k = 0; k < nt; k++) {
        size_t l = written_at(c, i, t[k].written);
        if (l <= bl)
            continue;
        /* a unit ends where the Latin word ends: 5G is not 5 grams */
        if (need_end && (nis_alpha(c, i + l) || nis_digit(c, i + l)))
            continue;
        best = &t[k];
        bl = l;
    }
    *len = bl;
    return best;
}

const nunit *tb_nu_unit(const nctx *c, size_t i, size_t *len)
{
    *len = 0;
    /* most numbers are followed by Han text: no unit of ours starts there */
    if (i >= c->n || tb_is_han(c->cp[i]) || c->cp[i] <= ' ')
        return NULL;
    return longest(UNITS, sizeof UNITS / sizeof UNITS[0], c, i, len, 1);
}

const nunit *tb_nu_currency(const nctx *c, size_t i, size_t *len)
{
    if (i >= c->n)
        return NULL;
    return longest(CURRENCY, sizeof CURRENCY / sizeof CURRENCY[0], c, i, len, 0);
}
