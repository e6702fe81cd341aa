package io.cairn.registry.store;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * The event log.
 */
interface EventRepository extends JpaRepository<EventEntity, Long> {

	List<EventEntity> findByChangeIndexGreaterThanOrderByIdDesc(long changeIndex, Limit limit);

	List<EventEntity> findByChangeIndexGreaterThanAndNameOrderByIdDesc(long changeIndex, String name, Limit limit);

	@Modifying
	@Query("delete from EventEntity e where e.at < ?1")
	int deleteOlderThan(Instant cutoff);

}
