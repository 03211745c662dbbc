#include "orchestration/common/clock.h"

#include <cstdint>
#include <cstdio>

namespace cf {

namespace {

// Writes `value` as `width` decimal digits, zero-padded, at `out`.
void digits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
}

}  // namespace

// Arithmetic rather than gmtime_r and snprintf: every request's token check
// and every job event reads the clock, and glibc's gmtime_r takes a
// process-wide lock.
std::string formatRfc3339(std::chrono::system_clock::time_point t) {
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  int64_t ofDay = ms - days * 86400000;
  // The date of a day count from 1970-01-01 (Howard Hinnant's civil_from_days).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t dayOfEra = z - era * 146097;
  int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  int64_t mp = (5 * dayOfYear + 2) / 153;
  int64_t day = dayOfYear - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yearOfEra + era * 400 + (month <= 2);
  std::string text = "0000-00-00T00:00:00.000Z";
  digits(&text[0], year, 4);
  digits(&text[5], month, 2);
  digits(&text[8], day, 2);
  digits(&text[11], ofDay / 3600000, 2);
  digits(&text[14], ofDay / 60000 % 60, 2);
  digits(&text[17], ofDay / 1000 % 60, 2);
  digits(&text[20], ofDay % 1000, 3);
  return text;
}

std::string nowRfc3339() { return formatRfc3339(std::chrono::system_clock::now()); }

std::optional<std::chrono::system_clock::time_point> parseRfc3339(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  char zulu = 0;
  if (text.size() != 24 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &year, &month, &day, &hour, &minute, &second, &millis,
                  &zulu) != 8 ||
      zulu != 'Z') {
    return std::nullopt;
  }
  // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil):
  // portable where timegm is not.
  int y = year - (month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yearOfEra = y - era * 400;
  int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  int64_t days = static_cast<int64_t>(era) * 146097 + dayOfEra - 719468;
  auto sinceEpoch = std::chrono::hours(24 * days) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                    std::chrono::seconds(second) + std::chrono::milliseconds(millis);
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(sinceEpoch));
}

}  // namespace cf
