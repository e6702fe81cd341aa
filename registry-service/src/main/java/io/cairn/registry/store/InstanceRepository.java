package io.cairn.registry.store;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

/**
 * Instances by endpoint and by name.
 */
interface InstanceRepository extends JpaRepository<InstanceEntity, Long> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<InstanceEntity> findByHostAndPort(String host, int port);

	List<InstanceEntity> findByNameOrderByHostAscPortAsc(String name);

}
