/* SPDX-License-Identifier: GPL-3.0-or-later */
/* date.c — the calendar check every date goes through; see date.h. */
#include "base/date.h"

#include <string.h>

int tb_date_valid_ymd(long year, long month, long day)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap);
}

int tb_date_valid_iso(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    long v[3] = {0, 0, 0};
    for (int i = 0, k = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            k++;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v[k] = v[k] * 10 + (s[i] - '0');
    }
    return tb_date_valid_ymd(v[0], v[1], v[2]);
}

int tb_date_weekday(long year, long month, long day)
{
    /* Sakamoto's method */
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    long y = month < 3 ? year - 1 : year;
    return (int)((y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7);
}
