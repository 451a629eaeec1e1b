/* Sizes of the codec's caller-side structures on Cortex-M3, read back with nm -S (one array per struct). */
#include "penbench_proto.h"

char size_of_pb_msg_t[sizeof(pb_msg_t)];
char size_of_pb_decode_info_t[sizeof(pb_decode_info_t)];
char size_of_pb_assembler_t[sizeof(pb_assembler_t)];
char size_of_line_buffer[PB_LINE_BUF];
