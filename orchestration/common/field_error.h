// One reason a request is invalid, located by a JSON Pointer (RFC 6901) into
// the request body, or by the name of a path or query parameter.
#pragma once

#include <string>
#include <vector>

namespace cf {

struct FieldError {
  enum class Location { Body, Parameter };
  Location location = Location::Body;
  std::string where;  // "/nodes/1" for the body, "name" for a parameter
  std::string detail;

  static FieldError body(std::string pointer, std::string detail) {
    return {Location::Body, std::move(pointer), std::move(detail)};
  }
  static FieldError parameter(std::string name, std::string detail) {
    return {Location::Parameter, std::move(name), std::move(detail)};
  }
};

using FieldErrors = std::vector<FieldError>;

}  // namespace cf
