/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * date.h — the one check of calendar dates: every date that reaches an
 * edition (--date, a manifest's DATE, a date found in the report, the date
 * read back from edition.json, the feed's pubDate) goes through it, so that
 * 2024-02-30 or 0000-01-01 never reaches the RSS nor the EPUB metadata.
 */
#ifndef TB_DATE_H
#define TB_DATE_H

/* Non-zero when year-month-day is a real day of the Gregorian calendar, year
 * 1-9999 (leap years: divisible by 4, centuries only by 400). */
int tb_date_valid_ymd(long year, long month, long day);

/* Non-zero when s is exactly "YYYY-MM-DD" (ten bytes, ASCII digits) and a
 * real day (tb_date_valid_ymd). NULL is not a date. */
int tb_date_valid_iso(const char *s);

/* Day of the week of a valid date: 0 Sunday .. 6 Saturday. */
int tb_date_weekday(long year, long month, long day);

#endif
