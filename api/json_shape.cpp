#include "api/json_shape.h"

#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/specs/json_reader.h"

namespace cf::api {

namespace {

using json = nlohmann::json;

class ShapeCheck : public nlohmann::json_sax<json> {
 public:
  explicit ShapeCheck(size_t maxDepth) : maxDepth_(maxDepth) {}

  std::optional<JsonShapeProblem> problem;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    Frame& frame = stack_.back();
    frame.member = name;
    if (!frame.keys.insert(name).second) {
      problem = JsonShapeProblem{JsonShapeProblem::Kind::DuplicateKey, pointer(), 0,
                                 "the key \"" + name + "\" appears twice in one object"};
      return false;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    problem = JsonShapeProblem{JsonShapeProblem::Kind::Syntax, "", position,
                               "syntax error at byte " + std::to_string(position)};
    return false;
  }

 private:
  struct Frame {
    bool object = false;
    std::set<std::string> keys;
    std::string member;  // the current key of an object
    size_t next = 0;     // the index of an array's next element
  };

  // A value begins: in an array it takes the next index.
  bool value() {
    if (!stack_.empty() && !stack_.back().object) {
      stack_.back().member = std::to_string(stack_.back().next++);
    }
    return true;
  }

  bool open(bool object) {
    value();
    if (stack_.size() >= maxDepth_) {
      problem = JsonShapeProblem{JsonShapeProblem::Kind::TooDeep, pointer(), 0,
                                 "nests deeper than " + std::to_string(maxDepth_) + " levels"};
      return false;
    }
    stack_.push_back(Frame{object, {}, {}, 0});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  // The pointer of the current member of every open container.
  std::string pointer() const {
    std::string out;
    for (const auto& frame : stack_) {
      out += "/" + jsonPointerToken(frame.member);
    }
    return out;
  }

  size_t maxDepth_;
  std::vector<Frame> stack_;
};

}  // namespace

std::optional<JsonShapeProblem> checkJsonShape(std::string_view text, size_t maxDepth) {
  ShapeCheck check(maxDepth);
  json::sax_parse(text.begin(), text.end(), &check, json::input_format_t::json, true);
  return check.problem;
}

}  // namespace cf::api
