#!/usr/bin/env python3
"""Queries a directory of netdecode Parquet with Spark (pyspark).

    netdecode -r capture.pcap --parquet /tmp/pq
    netdecode flows -r capture.pcap --parquet /tmp/pq-flows     # optional
    python3 bench/spark_example.py /tmp/pq [/tmp/pq-flows]

Runs in local mode (all cores of this machine) unless a master is given
(spark-submit --master ..., or SPARK_MASTER); the directories may be any
URL Spark reads: s3a://bucket/packets/, gs://..., abfss://..., hdfs://...
(see docs/parquet.md, "Spark"). Needs `pip install pyspark` and Java 17.
"""
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    packets_dir = sys.argv[1]
    flows_dir = sys.argv[2] if len(sys.argv) > 2 else None

    builder = SparkSession.builder.appName("netdecode-parquet")
    if not os.environ.get("SPARK_MASTER") and "spark.master" not in os.environ.get(
        "PYSPARK_SUBMIT_ARGS", ""
    ):
        builder = builder.master(os.environ.get("SPARK_MASTER", "local[*]"))
    spark = (
        builder.config("spark.ui.enabled", "false")
        # Nanosecond time stamps (nanosecond captures, and the connections'
        # start and end) are read as integers (nanoseconds since the epoch):
        # Spark has no nanosecond timestamp type.
        .config("spark.sql.legacy.parquet.nanosAsLong", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")

    packets = spark.read.parquet(packets_dir)
    print(f"packets: {packets.count()} rows, {len(packets.columns)} columns")
    packets.select("n", "ts", "len", "layers", "community_id").show(5, truncate=False)

    print("top IPv4 sources (the query of docs/parquet.md):")
    (
        packets.where(F.col("ipv4").isNotNull())
        .groupBy(F.col("ipv4.src").alias("src"))
        .count()
        .orderBy(F.desc("count"), "src")
        .show(10, truncate=False)
    )

    print("bytes per transport and destination port:")
    port = F.coalesce(F.col("tcp.dst_port"), F.col("udp.dst_port"))
    proto = (
        F.when(F.col("tcp").isNotNull(), "tcp")
        .when(F.col("udp").isNotNull(), "udp")
        .when(F.col("icmp").isNotNull(), "icmp")
        .when(F.col("icmpv6").isNotNull(), "icmpv6")
        .otherwise("other")
    )
    (
        packets.groupBy(proto.alias("proto"), port.alias("dst_port"))
        .agg(F.count("*").alias("packets"), F.sum("len").alias("bytes"))
        .orderBy(F.desc("bytes"))
        .show(10, truncate=False)
    )

    print("TCP SYNs per minute:")
    (
        packets.where(F.col("tcp.flags.syn") & ~F.col("tcp.flags.ack"))
        .groupBy(F.date_trunc("minute", "ts").alias("minute"))
        .count()
        .orderBy("minute")
        .show(10, truncate=False)
    )

    if flows_dir:
        flows = spark.read.parquet(flows_dir)
        print(f"connections: {flows.count()} rows")
        print("connections with their packets, joined on the Community ID:")
        per_flow = packets.groupBy("community_id").agg(F.count("*").alias("packets"))
        (
            flows.join(per_flow, "community_id", "left")
            .select(
                "id",
                "client",
                "server",
                "community_id",
                F.col("to_server.bytes").alias("c2s_bytes"),
                F.col("to_client.bytes").alias("s2c_bytes"),
                "packets",
            )
            .orderBy("id")
            .show(10, truncate=False)
        )

    spark.stop()


if __name__ == "__main__":
    main()
