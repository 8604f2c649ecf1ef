// The CSV column tables of listings, pickups and courier points: one row per column with
// its English and Chinese header, how to print it and how to read it. Import and export
// both use these tables, so an export always imports back. Brand cells are kept as typed:
// the importer resolves names through the store's brand registry.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::station_client {

template <class T>
struct csv_column {
  std::string_view en;  // header in English (also the field name in messages)
  std::string_view zh;  // header in Chinese
  std::string (*get)(const T&);
  // Reads a non-empty cell into the record; a field_error when it cannot be read.
  std::optional<field_error> (*set)(T&, std::string_view);
  // Other headers people give the column in their own sheets, '|'-separated
  // ("单价|价格"). Import only; export writes en or zh.
  std::string_view aliases = {};
};

const std::vector<csv_column<listing>>& listing_columns();
const std::vector<csv_column<pickup>>& pickup_columns();
const std::vector<csv_column<courier_point>>& point_columns();

}  // namespace cunzhan::station_client
