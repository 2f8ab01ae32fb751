# Turns a text file into a C source defining a NUL-terminated string.
# cmake -DIN=file -DOUT=file.c -DSYMBOL=name -P embed.cmake
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUT}.tmp"
  "/* Generated from ${IN} by cmake/embed.cmake; do not edit. */\n"
  "const char ${SYMBOL}[] = {${body}0x00};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
