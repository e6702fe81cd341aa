/**
 * The Mesos master model: {@link io.cairn.mesos.master.MasterInfo} and the three
 * generations of master znodes ({@code json.info_}, {@code info_}, bare sequence),
 * decoded by label.
 */
@NullMarked
package io.cairn.mesos.master;

import org.jspecify.annotations.NullMarked;
