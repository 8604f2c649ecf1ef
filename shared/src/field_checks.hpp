// Private building blocks of validate.cpp: one check per kind of field, each appending a
// bilingual field_error so a record's every problem is collected in one pass.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/validate.hpp"

namespace cunzhan::detail {

using field_errors = std::vector<field_error>;

// Chinese label of a field name ("product_name" → "产品名称"); "x[3]" → "x（第4项）".
std::string zh_label(std::string_view field);
// English label: the field name with spaces ("product_name" → "product name").
std::string en_label(std::string_view field);

// Appends {field, code, "<en label> <en>", "<zh label><zh>"}.
void add_error(field_errors& out, std::string_view field, errc code, std::string_view en,
               std::string_view zh);

// Whether a text may hold several lines (notes): then tab, newline and CR-LF are allowed.
enum class text_lines { one, several };
// Valid UTF-8, no control character (U+0000–U+001F, U+007F; see text_lines), at most
// `max` code points, non-empty when `required`.
void check_text(field_errors& out, std::string_view field, std::string_view v, std::size_t max, bool required,
                text_lines lines = text_lines::one);
// A canonical lower-case uuid; an empty value passes unless `required`.
void check_uuid(field_errors& out, std::string_view field, std::string_view v, bool required);

enum class code_level { village, township_or_village };
// Shape, level, county (ctx.county_code) and, for villages, ctx.known_villages when given.
void check_division(field_errors& out, std::string_view field, std::string_view code, code_level level,
                    const validation_context& ctx);

// Money in fen: 0 – limits::max_price_fen.
void check_fen(field_errors& out, std::string_view field, std::int64_t fen);
// The latest instant a record may carry: now plus the clock tolerance of this side
// (validate.hpp: the hub allows at least hub_future_tolerance).
sys_seconds latest_allowed(const validation_context& ctx);
void check_not_future(field_errors& out, std::string_view field, const std::optional<sys_seconds>& t,
                      const validation_context& ctx);

// Whether `code` is one of the table's codes (categories, units, platforms).
bool is_code_in(const std::vector<named_code>& table, std::string_view code);

// Exactly a registered brand code (aliases and names are resolved before validation).
bool is_known_brand_code(const validation_context& ctx, std::string_view code);

}  // namespace cunzhan::detail
