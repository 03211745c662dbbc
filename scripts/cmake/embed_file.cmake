# Writes a C++ source that holds INPUT's bytes as a char array, so a file such
# as openapi.yaml ships inside the binary. Bytes, not a string literal: MSVC
# caps string literals at 64 KiB.
#   cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed_file.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by embed_file.cmake; do not edit.\n#include <string>\nnamespace {\nconst unsigned char kBytes[] = {\n${bytes}0};\n}\nstd::string ${SYMBOL}() { return std::string(reinterpret_cast<const char*>(kBytes), ${size}); }\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
