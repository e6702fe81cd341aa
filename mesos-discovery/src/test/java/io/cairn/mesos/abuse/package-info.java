/**
 * The review's reproductions against mesos-discovery (redirects that would carry
 * credentials away, malformed leader znodes), each a test that fails without its fix, and
 * a fuzz pass over what reaches the library from outside: znode data and masters'
 * answers.
 */
@NullMarked
package io.cairn.mesos.abuse;

import org.jspecify.annotations.NullMarked;
