// The dashboard's HTML: one self-contained page (inline CSS, JS and SVG, no external
// assets), Chinese by default and English with ?lang=en.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/rows.hpp"

namespace cunzhan::hub::kpi {

struct dashboard_page {
  bool en = false;
  staff_row staff;
  county_report report;
  target_map targets;
  std::vector<trend_point> trend;
  std::string csrf;  // the sign-out form's token (dashboard_session.hpp)
};

std::string render_dashboard(const dashboard_page& p);
// The sign-in form carrying the CSRF token; `message` (already in the page's language) is
// shown above it.
std::string render_login(bool en, std::string_view csrf, std::string_view message);
// A short page for refusals (403, bad period) with a link back.
std::string render_notice(bool en, std::string_view title, std::string_view message);

}  // namespace cunzhan::hub::kpi
