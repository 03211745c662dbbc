# clusterforge_embed_file(<var> <input> <symbol>): ships <input> inside the
# binary as a generated source defining `std::string <symbol>()`, and sets
# <var> to that source's path, to be listed among a target's sources.
function(clusterforge_embed_file out_var input symbol)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${symbol}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/scripts/cmake/embed_file.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/scripts/cmake/embed_file.cmake
    COMMENT "Embedding ${input}")
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
