;; The clustering's hot loops (see kernels.ts), compiled to kernels-wasm.ts by `npm run build:kernels`.
;;
;; Each kernel repeats its JavaScript original's floating-point operations in the same order (f64x2 lanes are
;; independent IEEE doubles), so themes are identical bit for bit. Pointers are byte offsets into the memory; kernels.ts
;; lays the arrays out. Loops over k themes take two doubles per step and a scalar step for an odd k.
(module
  (import "m" "log" (func $log (param f64) (result f64)))
  ;; The caller's seeded random source (kmeans.ts mulberry32), in [0, 1).
  (import "m" "rand" (func $rand (result f64)))
  (memory (export "memory") 1)

  ;; dst[q] += v * src[q] for q < k; dst f64, src f32 (a centroid's run of k floats).
  (func $axpy_f32 (param $dst i32) (param $src i32) (param $v f64) (param $k i32)
    (local $q i32) (local $vv v128) (local $k2 i32) (local $p i32)
    (local.set $vv (f64x2.splat (local.get $v)))
    (local.set $k2 (i32.and (local.get $k) (i32.const -2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $q) (local.get $k2)))
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 3))))
      (v128.store (local.get $p)
        (f64x2.add (v128.load (local.get $p))
          (f64x2.mul (local.get $vv)
            (f64x2.promote_low_f32x4
              (v128.load64_zero (i32.add (local.get $src) (i32.shl (local.get $q) (i32.const 2))))))))
      (local.set $q (i32.add (local.get $q) (i32.const 2)))
      (br $next)))
    (if (i32.lt_u (local.get $k2) (local.get $k)) (then
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $k2) (i32.const 3))))
      (f64.store (local.get $p)
        (f64.add (f64.load (local.get $p))
          (f64.mul (local.get $v)
            (f64.promote_f32 (f32.load (i32.add (local.get $src) (i32.shl (local.get $k2) (i32.const 2)))))))))))

  ;; dst[q] += src[q] for q < k, both f64.
  (func $add_f64 (param $dst i32) (param $src i32) (param $k i32)
    (local $q i32) (local $k2 i32) (local $p i32)
    (local.set $k2 (i32.and (local.get $k) (i32.const -2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $q) (local.get $k2)))
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 3))))
      (v128.store (local.get $p)
        (f64x2.add (v128.load (local.get $p))
          (v128.load (i32.add (local.get $src) (i32.shl (local.get $q) (i32.const 3))))))
      (local.set $q (i32.add (local.get $q) (i32.const 2)))
      (br $next)))
    (if (i32.lt_u (local.get $k2) (local.get $k)) (then
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $k2) (i32.const 3))))
      (f64.store (local.get $p)
        (f64.add (f64.load (local.get $p))
          (f64.load (i32.add (local.get $src) (i32.shl (local.get $k2) (i32.const 3)))))))))

  ;; Fills k f64 at dst with v.
  (func $fill_f64 (param $dst i32) (param $v f64) (param $k i32)
    (local $q i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $q) (local.get $k)))
      (f64.store (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 3))) (local.get $v))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next))))

  ;; Index of the largest of k f64 at p; ties go to the lowest index.
  (func $argmax (param $p i32) (param $k i32) (result i32)
    (local $q i32) (local $best i32) (local $bs f64) (local $s f64)
    (local.set $bs (f64.load (local.get $p)))
    (local.set $q (i32.const 1))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $q) (local.get $k)))
      (local.set $s (f64.load (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 3)))))
      (if (f64.gt (local.get $s) (local.get $bs)) (then
        (local.set $bs (local.get $s))
        (local.set $best (local.get $q))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next)))
    (local.get $best))

;; kmeans.ts assignRows: rows[r] goes to its nearest centroid; writes out_assign[r], out_sim[r] (by position r, not
  ;; by row), returns the summed similarity. Centroids are feature-major (feature · k + theme): cs over the sparse
  ;; width, cd over the dims. scores: k f64 of scratch.
  (func $assign_pass
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $rows i32) (param $m i32) (param $cs i32) (param $cd i32) (param $k i32)
    (param $out_assign i32) (param $out_sim i32) (param $scores i32)
    (result f64)
    (local $r i32) (local $q i32) (local $bs f64) (local $total f64)
    (block $done (loop $next_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $m)))
      (call $score_row (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
        (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2))))
        (local.get $cs) (local.get $cd) (local.get $k) (local.get $scores))
      (local.set $q (call $argmax (local.get $scores) (local.get $k)))
      (local.set $bs (f64.load (i32.add (local.get $scores) (i32.shl (local.get $q) (i32.const 3)))))
      (i32.store (i32.add (local.get $out_assign) (i32.shl (local.get $r) (i32.const 2))) (local.get $q))
      (f32.store (i32.add (local.get $out_sim) (i32.shl (local.get $r) (i32.const 2))) (f32.demote_f64 (local.get $bs)))
      (local.set $total (f64.add (local.get $total) (local.get $bs)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next_row)))
    (local.get $total))

  ;; kmeans.ts scoreRow: scores[q] = row i · centroid q for every q (the sparse part, then the dense part without its
  ;; zeros, as in JavaScript: adding 0 · x could turn -0 into 0).
  (func $score_row
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32) (param $i i32)
    (param $cs i32) (param $cd i32) (param $k i32) (param $scores i32)
    (local $j i32) (local $end i32) (local $d i32) (local $o i32) (local $v f64) (local $k4 i32)
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    (call $fill_f64 (local.get $scores) (f64.const 0) (local.get $k))
    (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
    (block $sparse_done (loop $next_nz
      (br_if $sparse_done (i32.ge_u (local.get $j) (local.get $end)))
      (call $axpy_f32
        (local.get $scores)
        (i32.add (local.get $cs)
          (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))) (local.get $k4)))
        (f64.promote_f32 (f32.load (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2)))))
        (local.get $k))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next_nz)))
    (local.set $o (i32.add (local.get $dense) (i32.shl (i32.mul (local.get $i) (local.get $dims)) (i32.const 2))))
    (block $dense_done (loop $next_d
      (br_if $dense_done (i32.ge_u (local.get $d) (local.get $dims)))
      (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $o) (i32.shl (local.get $d) (i32.const 2))))))
      (if (f64.ne (local.get $v) (f64.const 0)) (then
        (call $axpy_f32
          (local.get $scores)
          (i32.add (local.get $cd) (i32.mul (local.get $d) (local.get $k4)))
          (local.get $v)
          (local.get $k))))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $next_d))))

  ;; kmeans.ts mergeSplit's nextBest, for rows list[0..count): the best theme for each other than its own
  ;; (assign[row]) and `split` (-1 when there is none: k < 3), written to out_next[r], and its margin
  ;; scores[own] − scores[best] (− 0 when there is none) to out_margin[r]. scores: k f64 of scratch.
  (func (export "next_best")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $list i32) (param $count i32) (param $assign i32) (param $cs i32) (param $cd i32) (param $k i32)
    (param $split i32) (param $out_next i32) (param $out_margin i32) (param $scores i32)
    (local $r i32) (local $i i32) (local $own i32) (local $q i32) (local $bq i32) (local $s f64) (local $bs f64)
    (block $done (loop $next_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
      (local.set $i (i32.load (i32.add (local.get $list) (i32.shl (local.get $r) (i32.const 2)))))
      (call $score_row (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
        (local.get $i) (local.get $cs) (local.get $cd) (local.get $k) (local.get $scores))
      (local.set $own (i32.load (i32.add (local.get $assign) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $bq (i32.const -1))
      (local.set $bs (f64.const 0))
      (local.set $q (i32.const 0))
      (block $q_done (loop $next_q
        (br_if $q_done (i32.ge_u (local.get $q) (local.get $k)))
        (if (i32.and (i32.ne (local.get $q) (local.get $own)) (i32.ne (local.get $q) (local.get $split))) (then
          (local.set $s (f64.load (i32.add (local.get $scores) (i32.shl (local.get $q) (i32.const 3)))))
          (if (i32.or (i32.lt_s (local.get $bq) (i32.const 0)) (f64.gt (local.get $s) (local.get $bs))) (then
            (local.set $bq (local.get $q))
            (local.set $bs (local.get $s))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next_q)))
      (i32.store (i32.add (local.get $out_next) (i32.shl (local.get $r) (i32.const 2))) (local.get $bq))
      (f64.store (i32.add (local.get $out_margin) (i32.shl (local.get $r) (i32.const 3)))
        (f64.sub (f64.load (i32.add (local.get $scores) (i32.shl (local.get $own) (i32.const 3)))) (local.get $bs)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next_row))))

  (func (export "assign_rows")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $rows i32) (param $m i32) (param $cs i32) (param $cd i32) (param $k i32)
    (param $out_assign i32) (param $out_sim i32) (param $scores i32)
    (result f64)
    (call $assign_pass (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
      (local.get $rows) (local.get $m) (local.get $cs) (local.get $cd) (local.get $k)
      (local.get $out_assign) (local.get $out_sim) (local.get $scores)))

  ;; table[x] = f32(table[x] · factors[x mod k]) for the k-float runs at `base` (f64 product, rounded once, as
  ;; JavaScript's `table[x] *= factor` on a Float32Array).
  (func $scale_run (param $base i32) (param $factors i32) (param $k i32)
    (local $q i32) (local $p i32) (local $k2 i32)
    (local.set $k2 (i32.and (local.get $k) (i32.const -2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $q) (local.get $k2)))
      (local.set $p (i32.add (local.get $base) (i32.shl (local.get $q) (i32.const 2))))
      (v128.store64_lane 0 (local.get $p)
        (f32x4.demote_f64x2_zero
          (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))
            (v128.load (i32.add (local.get $factors) (i32.shl (local.get $q) (i32.const 3)))))))
      (local.set $q (i32.add (local.get $q) (i32.const 2)))
      (br $next)))
    (if (i32.lt_u (local.get $k2) (local.get $k)) (then
      (local.set $p (i32.add (local.get $base) (i32.shl (local.get $k2) (i32.const 2))))
      (f32.store (local.get $p)
        (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.load (local.get $p)))
          (f64.load (i32.add (local.get $factors) (i32.shl (local.get $k2) (i32.const 3))))))))))

  ;; norms[q] += table[x]² over the k-float run at `base` (doubles).
  (func $square_run (param $base i32) (param $norms i32) (param $k i32)
    (local $q i32) (local $p i32) (local $v f64) (local $v2 v128) (local $k2 i32)
    (local.set $k2 (i32.and (local.get $k) (i32.const -2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $q) (local.get $k2)))
      (local.set $v2 (f64x2.promote_low_f32x4
        (v128.load64_zero (i32.add (local.get $base) (i32.shl (local.get $q) (i32.const 2))))))
      (local.set $p (i32.add (local.get $norms) (i32.shl (local.get $q) (i32.const 3))))
      (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $v2) (local.get $v2))))
      (local.set $q (i32.add (local.get $q) (i32.const 2)))
      (br $next)))
    (if (i32.lt_u (local.get $k2) (local.get $k)) (then
      (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $base) (i32.shl (local.get $k2) (i32.const 2))))))
      (local.set $p (i32.add (local.get $norms) (i32.shl (local.get $k2) (i32.const 3))))
      (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.mul (local.get $v) (local.get $v)))))))

  ;; kmeans.ts lloyd: up to max_iter rounds of assigning rows[r] (a[r], sim[r], by position) and recomputing unit
  ;; centroids (cs, cd; only the sparse columns in `active` can be non-zero) from the members, stopping once at most
  ;; 0.5 % of rows change (against prev[r], kept by the caller across calls). Returns the assignment passes run; the
  ;; last pass's summed similarity is stored at `objective`. When a theme ends up empty, stops after adding up its
  ;; members' rows (counts[q] = 0) with status 1 at `status`, so the caller reseeds it and finishes the step;
  ;; else status 0.
  (func (export "lloyd")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $rows i32) (param $m i32) (param $cs i32) (param $cd i32) (param $k i32)
    (param $active i32) (param $n_active i32) (param $max_iter i32)
    (param $a i32) (param $prev i32) (param $sim i32) (param $counts i32) (param $norms i32) (param $scores i32)
    (param $objective i32) (param $status i32)
    (result i32)
    (local $it i32) (local $r i32) (local $q i32) (local $p i32) (local $changed i32)
    (i32.store (local.get $status) (i32.const 0))
    (block $done (loop $next_iter
      (br_if $done (i32.ge_u (local.get $it) (local.get $max_iter)))
      (f64.store (local.get $objective)
        (call $assign_pass (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
          (local.get $rows) (local.get $m) (local.get $cs) (local.get $cd) (local.get $k)
          (local.get $a) (local.get $sim) (local.get $scores)))
      (local.set $it (i32.add (local.get $it) (i32.const 1)))
      ;; rows that changed theme since the last pass
      (local.set $changed (i32.const 0))
      (local.set $r (i32.const 0))
      (block $cmp_done (loop $next_cmp
        (br_if $cmp_done (i32.ge_u (local.get $r) (local.get $m)))
        (local.set $q (i32.load (i32.add (local.get $a) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $p (i32.add (local.get $prev) (i32.shl (local.get $r) (i32.const 2))))
        (if (i32.ne (local.get $q) (i32.load (local.get $p)))
          (then (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
        (i32.store (local.get $p) (local.get $q))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_cmp)))
      (br_if $done
        (f64.le (f64.convert_i32_u (local.get $changed)) (f64.mul (f64.convert_i32_u (local.get $m)) (f64.const 0.005))))
      ;; updateCentroids; an empty theme hands back (the caller reseeds it from the worst-fitting rows).
      (if (call $update (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
            (local.get $rows) (local.get $m) (local.get $a) (local.get $cs) (local.get $cd) (local.get $k)
            (local.get $active) (local.get $n_active) (local.get $counts) (local.get $norms))
        (then
          (i32.store (local.get $status) (i32.const 1))
          (return (local.get $it))))
      (br $next_iter)))
    (local.get $it))

  ;; kmeans.ts updateCentroids: unit centroids (cs, cd) of the members of rows[0..m) (a[r] their themes): the `active`
  ;; sparse columns (only those can be non-zero) and the dense part are cleared, the members added up (f32 sums, as
  ;; JavaScript's Float32Array adds), then each centroid scaled to unit length. Returns 1 without scaling when a
  ;; theme has no member (counts[q] = 0), for the caller to reseed it; else 0.
  (func $update
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $rows i32) (param $m i32) (param $a i32) (param $cs i32) (param $cd i32) (param $k i32)
    (param $active i32) (param $n_active i32) (param $counts i32) (param $norms i32)
    (result i32)
    (local $r i32) (local $i i32) (local $j i32) (local $end i32) (local $q i32) (local $x i32)
    (local $d i32) (local $o i32) (local $p i32) (local $k4 i32)
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    ;; updateCentroids: clear the active columns and the dense part, add up the members
    (local.set $x (i32.const 0))
    (block $clear_done (loop $next_clear
      (br_if $clear_done (i32.ge_u (local.get $x) (local.get $n_active)))
      (memory.fill
        (i32.add (local.get $cs)
          (i32.mul (i32.load (i32.add (local.get $active) (i32.shl (local.get $x) (i32.const 2)))) (local.get $k4)))
        (i32.const 0) (local.get $k4))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_clear)))
    (memory.fill (local.get $cd) (i32.const 0) (i32.mul (local.get $dims) (local.get $k4)))
    (memory.fill (local.get $counts) (i32.const 0) (local.get $k4))
    (local.set $r (i32.const 0))
    (block $add_done (loop $next_add
      (br_if $add_done (i32.ge_u (local.get $r) (local.get $m)))
      (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $q (i32.load (i32.add (local.get $a) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $p (i32.add (local.get $counts) (i32.shl (local.get $q) (i32.const 2))))
      (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
      (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
      (block $nz_done (loop $next_nz
        (br_if $nz_done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $p (i32.add (local.get $cs)
          (i32.shl
            (i32.add
              (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))) (local.get $k))
              (local.get $q))
            (i32.const 2))))
        (f32.store (local.get $p)
          (f32.add (f32.load (local.get $p)) (f32.load (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next_nz)))
      (local.set $o (i32.add (local.get $dense) (i32.shl (i32.mul (local.get $i) (local.get $dims)) (i32.const 2))))
      (local.set $d (i32.const 0))
      (block $dense_done (loop $next_d
        (br_if $dense_done (i32.ge_u (local.get $d) (local.get $dims)))
        (local.set $p (i32.add (local.get $cd)
          (i32.shl (i32.add (i32.mul (local.get $d) (local.get $k)) (local.get $q)) (i32.const 2))))
        (f32.store (local.get $p)
          (f32.add (f32.load (local.get $p)) (f32.load (i32.add (local.get $o) (i32.shl (local.get $d) (i32.const 2))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $next_d)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next_add)))
    ;; An empty theme: stop before normalising (1), for the caller to reseed it.
    (local.set $q (i32.const 0))
    (block $empty_done (loop $next_empty
      (br_if $empty_done (i32.ge_u (local.get $q) (local.get $k)))
      (if (i32.eqz (i32.load (i32.add (local.get $counts) (i32.shl (local.get $q) (i32.const 2))))) (then
        (return (i32.const 1))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next_empty)))
    (call $normalize (local.get $cs) (local.get $cd) (local.get $k) (local.get $dims) (local.get $active)
      (local.get $n_active) (local.get $norms))
    (i32.const 0))

  (func (export "update_centroids")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $rows i32) (param $m i32) (param $a i32) (param $cs i32) (param $cd i32) (param $k i32)
    (param $active i32) (param $n_active i32) (param $counts i32) (param $norms i32)
    (result i32)
    (call $update (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
      (local.get $rows) (local.get $m) (local.get $a) (local.get $cs) (local.get $cd) (local.get $k)
      (local.get $active) (local.get $n_active) (local.get $counts) (local.get $norms)))

  ;; The end of updateCentroids: each centroid scaled to unit length (squared norms over the active columns, then
  ;; the dense part, in that order; a zero centroid stays zero).
  (func $normalize (param $cs i32) (param $cd i32) (param $k i32) (param $dims i32) (param $active i32)
    (param $n_active i32) (param $norms i32)
    (local $x i32) (local $q i32) (local $p i32) (local $v f64) (local $k4 i32)
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    (call $fill_f64 (local.get $norms) (f64.const 0) (local.get $k))
    (local.set $x (i32.const 0))
    (block $sq_done (loop $next_sq
      (br_if $sq_done (i32.ge_u (local.get $x) (local.get $n_active)))
      (call $square_run
        (i32.add (local.get $cs)
          (i32.mul (i32.load (i32.add (local.get $active) (i32.shl (local.get $x) (i32.const 2)))) (local.get $k4)))
        (local.get $norms) (local.get $k))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_sq)))
    (local.set $x (i32.const 0))
    (block $dsq_done (loop $next_dsq
      (br_if $dsq_done (i32.ge_u (local.get $x) (local.get $dims)))
      (call $square_run (i32.add (local.get $cd) (i32.mul (local.get $x) (local.get $k4))) (local.get $norms) (local.get $k))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_dsq)))
    (local.set $q (i32.const 0))
    (block $inv_done (loop $next_inv
      (br_if $inv_done (i32.ge_u (local.get $q) (local.get $k)))
      (local.set $p (i32.add (local.get $norms) (i32.shl (local.get $q) (i32.const 3))))
      (local.set $v (f64.load (local.get $p)))
      (f64.store (local.get $p)
        (select (f64.div (f64.const 1) (f64.sqrt (local.get $v))) (f64.const 0) (f64.gt (local.get $v) (f64.const 0))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next_inv)))
    (local.set $x (i32.const 0))
    (block $sc_done (loop $next_sc
      (br_if $sc_done (i32.ge_u (local.get $x) (local.get $n_active)))
      (call $scale_run
        (i32.add (local.get $cs)
          (i32.mul (i32.load (i32.add (local.get $active) (i32.shl (local.get $x) (i32.const 2)))) (local.get $k4)))
        (local.get $norms) (local.get $k))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_sc)))
    (local.set $x (i32.const 0))
    (block $dsc_done (loop $next_dsc
      (br_if $dsc_done (i32.ge_u (local.get $x) (local.get $dims)))
      (call $scale_run (i32.add (local.get $cd) (i32.mul (local.get $x) (local.get $k4))) (local.get $norms) (local.get $k))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_dsc))))

    ;; Σ_j vals[j] · v[cols[j]] over row i, then Σ_d dense[i · dims + d] · v[width + d]: a row against a vector laid out
  ;; as [sparse width | dims], f32 (vec32 = 1) or f64 (vec32 = 0).
  (func $dot_row (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $width i32) (param $i i32) (param $v i32) (param $vec32 i32) (result f64)
    (local $j i32) (local $end i32) (local $s f64) (local $d i32) (local $o i32) (local $x i32)
    (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (local.set $x (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $s (f64.add (local.get $s)
        (f64.mul
          (f64.promote_f32 (f32.load (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2)))))
          (if (result f64) (local.get $vec32)
            (then (f64.promote_f32 (f32.load (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 2))))))
            (else (f64.load (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 3)))))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.set $o (i32.add (local.get $dense) (i32.shl (i32.mul (local.get $i) (local.get $dims)) (i32.const 2))))
    (block $dense_done (loop $next_d
      (br_if $dense_done (i32.ge_u (local.get $d) (local.get $dims)))
      (local.set $x (i32.add (local.get $width) (local.get $d)))
      (local.set $s (f64.add (local.get $s)
        (f64.mul
          (f64.promote_f32 (f32.load (i32.add (local.get $o) (i32.shl (local.get $d) (i32.const 2)))))
          (if (result f64) (local.get $vec32)
            (then (f64.promote_f32 (f32.load (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 2))))))
            (else (f64.load (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 3)))))))))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $next_d)))
    (local.get $s))

  ;; v = row i (sign 1) or zeros where row i has values (sign 0), laid out as in $dot_row, f32 or f64.
  (func $scatter_row (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32)
    (param $width i32) (param $i i32) (param $v i32) (param $vec32 i32) (param $sign f64)
    (local $j i32) (local $end i32) (local $d i32) (local $o i32) (local $x i32) (local $val f64)
    (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
      (local.set $x (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $val (f64.mul (local.get $sign)
        (f64.promote_f32 (f32.load (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2)))))))
      (if (local.get $vec32)
        (then (f32.store (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 2))) (f32.demote_f64 (local.get $val))))
        (else (f64.store (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 3))) (local.get $val))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.set $o (i32.add (local.get $dense) (i32.shl (i32.mul (local.get $i) (local.get $dims)) (i32.const 2))))
    (block $dense_done (loop $next_d
      (br_if $dense_done (i32.ge_u (local.get $d) (local.get $dims)))
      (local.set $x (i32.add (local.get $width) (local.get $d)))
      (local.set $val (f64.mul (local.get $sign)
        (f64.promote_f32 (f32.load (i32.add (local.get $o) (i32.shl (local.get $d) (i32.const 2)))))))
      (if (local.get $vec32)
        (then (f32.store (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 2))) (f32.demote_f64 (local.get $val))))
        (else (f64.store (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 3))) (local.get $val))))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $next_d))))

  ;; kmeans.ts seed: k-means++ picks among rows[0..m) (k of them, written to picks[q] as row indices): the first at
  ;; random, each next one with probability ∝ (1 − best cosine to a pick)²; a fresh random row when every row
  ;; already sits on a pick. v: (width + dims) f32 of scratch; best: m f64.
  (func (export "kmeans_pp")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32) (param $width i32)
    (param $rows i32) (param $m i32) (param $k i32) (param $v i32) (param $best i32) (param $picks i32)
    (local $q i32) (local $r i32) (local $pick i32) (local $s f64) (local $p i32) (local $dist f64)
    (local $total f64) (local $target f64) (local $chosen i32)
    (local.set $r (i32.const 0))
    (block $init_done (loop $next_init
      (br_if $init_done (i32.ge_u (local.get $r) (local.get $m)))
      (f64.store (i32.add (local.get $best) (i32.shl (local.get $r) (i32.const 3))) (f64.const -inf))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next_init)))
    (local.set $pick (call $random_row (local.get $rows) (local.get $m)))
    (block $done (loop $next_pick
      (i32.store (i32.add (local.get $picks) (i32.shl (local.get $q) (i32.const 2))) (local.get $pick))
      (br_if $done (i32.ge_u (i32.add (local.get $q) (i32.const 1)) (local.get $k)))
      (memory.fill (local.get $v) (i32.const 0) (i32.shl (i32.add (local.get $width) (local.get $dims)) (i32.const 2)))
      (call $scatter_row (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
        (local.get $width) (local.get $pick) (local.get $v) (i32.const 1) (f64.const 1))
      (local.set $total (f64.const 0))
      (local.set $r (i32.const 0))
      (block $scan_done (loop $next_row
        (br_if $scan_done (i32.ge_u (local.get $r) (local.get $m)))
        (local.set $s (call $dot_row (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense)
          (local.get $dims) (local.get $width)
          (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2))))
          (local.get $v) (i32.const 1)))
        (local.set $p (i32.add (local.get $best) (i32.shl (local.get $r) (i32.const 3))))
        (if (f64.gt (local.get $s) (f64.load (local.get $p))) (then (f64.store (local.get $p) (local.get $s))))
        (local.set $dist (f64.max (f64.const 0) (f64.sub (f64.const 1) (f64.load (local.get $p)))))
        (local.set $total (f64.add (local.get $total) (f64.mul (local.get $dist) (local.get $dist))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (if (f64.le (local.get $total) (f64.const 0))
        (then (local.set $pick (call $random_row (local.get $rows) (local.get $m))))
        (else
          (local.set $target (f64.mul (call $rand) (local.get $total)))
          (local.set $chosen (i32.sub (local.get $m) (i32.const 1)))
          (local.set $r (i32.const 0))
          (block $choose_done (loop $next_choice
            (br_if $choose_done (i32.ge_u (local.get $r) (local.get $m)))
            (local.set $dist (f64.max (f64.const 0)
              (f64.sub (f64.const 1) (f64.load (i32.add (local.get $best) (i32.shl (local.get $r) (i32.const 3)))))))
            (local.set $target (f64.sub (local.get $target) (f64.mul (local.get $dist) (local.get $dist))))
            (if (f64.le (local.get $target) (f64.const 0)) (then
              (local.set $chosen (local.get $r))
              (br $choose_done)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $next_choice)))
          (local.set $pick (i32.load (i32.add (local.get $rows) (i32.shl (local.get $chosen) (i32.const 2)))))))
      (br $next_pick))))

  ;; rows[floor(rand() · m)]
  (func $random_row (param $rows i32) (param $m i32) (result i32)
    (i32.load (i32.add (local.get $rows)
      (i32.shl (i32.trunc_f64_u (f64.floor (f64.mul (call $rand) (f64.convert_i32_u (local.get $m))))) (i32.const 2)))))

  ;; choose-k.ts distances: dist[s · m + t] = 1 − cos(rows[s], rows[t]) (f32, symmetric, diagonal left as is).
  ;; v: (width + dims) f64 of scratch, zero on entry and on return.
  (func (export "distances")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32) (param $width i32)
    (param $rows i32) (param $m i32) (param $v i32) (param $dist i32)
    (local $s i32) (local $t i32) (local $i i32) (local $d f32)
    (block $done (loop $next_s
      (br_if $done (i32.ge_u (local.get $s) (local.get $m)))
      (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $s) (i32.const 2)))))
      (call $scatter_row (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
        (local.get $width) (local.get $i) (local.get $v) (i32.const 0) (f64.const 1))
      (local.set $t (i32.add (local.get $s) (i32.const 1)))
      (block $row_done (loop $next_t
        (br_if $row_done (i32.ge_u (local.get $t) (local.get $m)))
        (local.set $d (f32.demote_f64 (f64.sub (f64.const 1)
          (call $dot_row (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
            (local.get $width) (i32.load (i32.add (local.get $rows) (i32.shl (local.get $t) (i32.const 2))))
            (local.get $v) (i32.const 0)))))
        (f32.store (i32.add (local.get $dist)
          (i32.shl (i32.add (i32.mul (local.get $s) (local.get $m)) (local.get $t)) (i32.const 2))) (local.get $d))
        (f32.store (i32.add (local.get $dist)
          (i32.shl (i32.add (i32.mul (local.get $t) (local.get $m)) (local.get $s)) (i32.const 2))) (local.get $d))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $next_t)))
      (call $scatter_row (local.get $row_ptr) (local.get $cols) (local.get $vals) (local.get $dense) (local.get $dims)
        (local.get $width) (local.get $i) (local.get $v) (i32.const 0) (f64.const 0))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $next_s))))

;; choose-k.ts meanSilhouette: Σ over the m rows of (b − a) / max(a, b) for the partition owner[0..m) into k themes
  ;; of count[q] (f64) rows, from the m × m distances; a row alone in its theme adds 0. Each row's distances to a theme
  ;; are summed over that theme's rows in ascending order (as a scatter over all rows in order adds them), from a list
  ;; of the rows grouped by theme: order (m i32), starts (k + 1 i32), cursor (k i32), sums (4k f64) are scratch. Rows
  ;; of a theme ≥ k count nowhere (as JavaScript's out-of-range typed-array writes and reads left them).
  (func (export "silhouette_sum") (param $dist i32) (param $owner i32) (param $count i32) (param $m i32) (param $k i32)
    (param $sums i32) (param $order i32) (param $starts i32) (param $cursor i32) (result f64)
    (local $s i32) (local $t i32) (local $own i32) (local $c i32) (local $p i32) (local $row i32) (local $x i32)
    (local $end i32) (local $sum f64) (local $total f64) (local $v v128) (local $lo v128) (local $hi v128)
    (local $lane i32)
    ;; rows grouped by theme, ascending within each
    (memory.fill (local.get $starts) (i32.const 0) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2)))
    (block $count_done (loop $next_count
      (br_if $count_done (i32.ge_u (local.get $t) (local.get $m)))
      (local.set $own (i32.load (i32.add (local.get $owner) (i32.shl (local.get $t) (i32.const 2)))))
      (if (i32.lt_u (local.get $own) (local.get $k)) (then
        (local.set $p (i32.add (local.get $starts) (i32.shl (i32.add (local.get $own) (i32.const 1)) (i32.const 2))))
        (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $next_count)))
    (local.set $c (i32.const 0))
    (block $prefix_done (loop $next_prefix
      (br_if $prefix_done (i32.ge_u (local.get $c) (local.get $k)))
      (local.set $p (i32.add (local.get $starts) (i32.shl (i32.add (local.get $c) (i32.const 1)) (i32.const 2))))
      (i32.store (local.get $p)
        (i32.add (i32.load (local.get $p)) (i32.load (i32.add (local.get $starts) (i32.shl (local.get $c) (i32.const 2))))))
      (i32.store (i32.add (local.get $cursor) (i32.shl (local.get $c) (i32.const 2)))
        (i32.load (i32.add (local.get $starts) (i32.shl (local.get $c) (i32.const 2)))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $next_prefix)))
    (local.set $t (i32.const 0))
    (block $order_done (loop $next_order
      (br_if $order_done (i32.ge_u (local.get $t) (local.get $m)))
      (local.set $own (i32.load (i32.add (local.get $owner) (i32.shl (local.get $t) (i32.const 2)))))
      (if (i32.lt_u (local.get $own) (local.get $k)) (then
        (local.set $p (i32.add (local.get $cursor) (i32.shl (local.get $own) (i32.const 2))))
        (i32.store (i32.add (local.get $order) (i32.shl (i32.load (local.get $p)) (i32.const 2))) (local.get $t))
        (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $next_order)))
    ;; Four rows at a time: row t's four floats from column s are rows s..s+3's distances to t (the matrix is
    ;; symmetric), so each lane adds its own row's distances in the order the scalar loop below does.
    (block $blocks_done (loop $next_block
      (br_if $blocks_done (i32.gt_u (i32.add (local.get $s) (i32.const 4)) (local.get $m)))
      (local.set $c (i32.const 0))
      (block $themes4_done (loop $next_theme4
        (br_if $themes4_done (i32.ge_u (local.get $c) (local.get $k)))
        (local.set $x (i32.load (i32.add (local.get $starts) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $starts) (i32.shl (i32.add (local.get $c) (i32.const 1)) (i32.const 2)))))
        (local.set $lo (f64x2.splat (f64.const 0)))
        (local.set $hi (f64x2.splat (f64.const 0)))
        (block $sum4_done (loop $next_t4
          (br_if $sum4_done (i32.ge_u (local.get $x) (local.get $end)))
          (local.set $v (v128.load (i32.add (local.get $dist)
            (i32.shl
              (i32.add (i32.mul (i32.load (i32.add (local.get $order) (i32.shl (local.get $x) (i32.const 2)))) (local.get $m))
                (local.get $s))
              (i32.const 2)))))
          (local.set $lo (f64x2.add (local.get $lo) (f64x2.promote_low_f32x4 (local.get $v))))
          (local.set $hi (f64x2.add (local.get $hi) (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br $next_t4)))
        ;; sums laid out theme-major, four rows per theme
        (v128.store (i32.add (local.get $sums) (i32.shl (local.get $c) (i32.const 5))) (local.get $lo))
        (v128.store (i32.add (i32.add (local.get $sums) (i32.shl (local.get $c) (i32.const 5))) (i32.const 16)) (local.get $hi))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $next_theme4)))
      (local.set $lane (i32.const 0))
      (block $lanes_done (loop $next_lane
        (br_if $lanes_done (i32.ge_u (local.get $lane) (i32.const 4)))
        (local.set $total (call $silhouette_term (local.get $total)
          (i32.load (i32.add (local.get $owner) (i32.shl (i32.add (local.get $s) (local.get $lane)) (i32.const 2))))
          (i32.add (local.get $sums) (i32.shl (local.get $lane) (i32.const 3))) (i32.const 4) (local.get $count) (local.get $k)))
        (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
        (br $next_lane)))
      (local.set $s (i32.add (local.get $s) (i32.const 4)))
      (br $next_block)))
    ;; The last rows one at a time.
    (block $done (loop $next_s
      (br_if $done (i32.ge_u (local.get $s) (local.get $m)))
      (local.set $row (i32.add (local.get $dist) (i32.shl (i32.mul (local.get $s) (local.get $m)) (i32.const 2))))
      (local.set $c (i32.const 0))
      (block $themes_done (loop $next_theme
        (br_if $themes_done (i32.ge_u (local.get $c) (local.get $k)))
        (local.set $x (i32.load (i32.add (local.get $starts) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $starts) (i32.shl (i32.add (local.get $c) (i32.const 1)) (i32.const 2)))))
        (local.set $sum (f64.const 0))
        (block $sum_done (loop $next_t
          (br_if $sum_done (i32.ge_u (local.get $x) (local.get $end)))
          (local.set $sum (f64.add (local.get $sum)
            (f64.promote_f32 (f32.load (i32.add (local.get $row)
              (i32.shl (i32.load (i32.add (local.get $order) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2)))))))
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br $next_t)))
        (f64.store (i32.add (local.get $sums) (i32.shl (local.get $c) (i32.const 3))) (local.get $sum))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $next_theme)))
      (local.set $total (call $silhouette_term (local.get $total)
        (i32.load (i32.add (local.get $owner) (i32.shl (local.get $s) (i32.const 2))))
        (local.get $sums) (i32.const 1) (local.get $count) (local.get $k)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $next_s)))
    (local.get $total))

  ;; total + (b − a) / max(a, b) for a row of theme `own` whose distances to each theme's rows add up to sums[q · stride]
  ;; (f64), or total as it is: for a row alone in its theme (or of a theme ≥ k), with no other theme, or max(a, b) = 0.
  (func $silhouette_term (param $total f64) (param $own i32) (param $sums i32) (param $stride i32) (param $count i32)
    (param $k i32) (result f64)
    (local $n f64) (local $a f64) (local $b f64) (local $c i32) (local $den f64) (local $step i32)
    (if (i32.ge_u (local.get $own) (local.get $k)) (then (return (local.get $total))))
    (local.set $n (f64.load (i32.add (local.get $count) (i32.shl (local.get $own) (i32.const 3)))))
    (if (i32.eqz (f64.gt (local.get $n) (f64.const 1))) (then (return (local.get $total))))
    (local.set $step (i32.shl (local.get $stride) (i32.const 3)))
    (local.set $a (f64.div (f64.load (i32.add (local.get $sums) (i32.mul (local.get $own) (local.get $step))))
      (f64.sub (local.get $n) (f64.const 1))))
    (local.set $b (f64.const inf))
    (block $b_done (loop $next_c
      (br_if $b_done (i32.ge_u (local.get $c) (local.get $k)))
      (local.set $n (f64.load (i32.add (local.get $count) (i32.shl (local.get $c) (i32.const 3)))))
      (if (i32.and (i32.ne (local.get $c) (local.get $own)) (f64.gt (local.get $n) (f64.const 0))) (then
        (local.set $b (f64.min (local.get $b)
          (f64.div (f64.load (i32.add (local.get $sums) (i32.mul (local.get $c) (local.get $step)))) (local.get $n))))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $next_c)))
    (if (f64.eq (local.get $b) (f64.const inf)) (then (return (local.get $total))))
    (local.set $den (f64.max (local.get $a) (local.get $b)))
    (if (i32.eqz (f64.gt (local.get $den) (f64.const 0))) (then (return (local.get $total))))
    (f64.add (local.get $total) (f64.div (f64.sub (local.get $b) (local.get $a)) (local.get $den))))

    ;; hypot.ts hypot: √(Σ v²) of n f64 at p as V8's Math.hypot computes it (scaled by the largest magnitude, squares
  ;; Kahan-summed in index order).
  (func $hypot (param $p i32) (param $n i32) (result f64)
    (local $x i32) (local $v f64) (local $max f64) (local $nan i32) (local $sum f64) (local $comp f64)
    (local $summand f64) (local $pre f64)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $n)))
      (local.set $v (f64.load (i32.add (local.get $p) (i32.shl (local.get $x) (i32.const 3)))))
      (if (f64.ne (local.get $v) (local.get $v))
        (then (local.set $nan (i32.const 1)))
        (else (if (f64.gt (f64.abs (local.get $v)) (local.get $max)) (then (local.set $max (f64.abs (local.get $v)))))))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next)))
    (if (f64.eq (local.get $max) (f64.const inf)) (then (return (local.get $max))))
    (if (local.get $nan) (then (return (f64.const nan))))
    (if (f64.eq (local.get $max) (f64.const 0)) (then (return (f64.const 0))))
    (local.set $x (i32.const 0))
    (block $sum_done (loop $next_sum
      (br_if $sum_done (i32.ge_u (local.get $x) (local.get $n)))
      (local.set $v (f64.div (f64.abs (f64.load (i32.add (local.get $p) (i32.shl (local.get $x) (i32.const 3)))))
        (local.get $max)))
      (local.set $summand (f64.sub (f64.mul (local.get $v) (local.get $v)) (local.get $comp)))
      (local.set $pre (f64.add (local.get $sum) (local.get $summand)))
      (local.set $comp (f64.sub (f64.sub (local.get $pre) (local.get $sum)) (local.get $summand)))
      (local.set $sum (local.get $pre))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_sum)))
    (f64.mul (f64.sqrt (local.get $sum)) (local.get $max)))

  ;; kmeans.ts spreadTerm: the frequent words no theme holds (used by at least min_uses fitted rows, no theme with half
  ;; of those uses), the max_candidates most used (ties: lower term first), each with the objective gain of making
  ;; its rows a theme: Σ_q (‖S_q − T_q‖ − ‖S_q‖) + ‖Σ_q T_q‖ (S_q: theme q's member sum, unit centroid × norms[q];
  ;; T_q: the part of it from rows using the word). The rows using term t are byrows[start[t] .. start[t + 1]).
  ;; Writes cand_t[c] and gains[c] for the candidates in that order; returns their number.
  ;; Scratch: share (k i32), cand_uses (max_candidates i32), acc (width · k f64), acc_dense (dims · k f64),
  ;; whole (width + dims f64), touched (nnz i32), dot and own (k f64).
  (func (export "spread_term")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32) (param $width i32)
    (param $start i32) (param $byrows i32) (param $assign i32) (param $k i32) (param $min_uses i32)
    (param $max_candidates i32) (param $unit_cs i32) (param $unit_cd i32) (param $norms i32)
    (param $share i32) (param $cand_t i32) (param $cand_uses i32) (param $acc i32) (param $acc_dense i32)
    (param $whole i32) (param $touched i32) (param $dot i32) (param $own i32) (param $gains i32)
    (result i32)
    (local $t i32) (local $x i32) (local $from i32) (local $to i32) (local $uses i32) (local $max i32) (local $c i32)
    (local $p i32) (local $count i32) (local $at i32) (local $i i32) (local $q i32) (local $j i32) (local $end i32)
    (local $cell i32) (local $n_touched i32) (local $val f64) (local $d i32) (local $a f64) (local $gain f64)
    (local $norm f64) (local $k4 i32)
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    ;; candidates, kept sorted by uses (descending), then term
    (block $scan_done (loop $next_term
      (br_if $scan_done (i32.ge_u (local.get $t) (local.get $width)))
      (local.set $from (i32.load (i32.add (local.get $start) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $to (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $t) (i32.const 1)) (i32.const 2)))))
      (local.set $uses (i32.sub (local.get $to) (local.get $from)))
      (if (i32.ge_s (local.get $uses) (local.get $min_uses)) (then
        (memory.fill (local.get $share) (i32.const 0) (local.get $k4))
        (local.set $max (i32.const 0))
        (local.set $x (local.get $from))
        (block $share_done (loop $next_use
          (br_if $share_done (i32.ge_u (local.get $x) (local.get $to)))
          (local.set $p (i32.add (local.get $share)
            (i32.shl
              (i32.load (i32.add (local.get $assign)
                (i32.shl (i32.load (i32.add (local.get $byrows) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2))))
              (i32.const 2))))
          (local.set $c (i32.add (i32.load (local.get $p)) (i32.const 1)))
          (i32.store (local.get $p) (local.get $c))
          (if (i32.gt_s (local.get $c) (local.get $max)) (then (local.set $max (local.get $c))))
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br $next_use)))
        (if (i32.lt_s (i32.shl (local.get $max) (i32.const 1)) (local.get $uses)) (then
          ;; insert after the candidates used at least as often (those come first; equal uses: lower term first)
          (local.set $at (local.get $count))
          (block $place_done (loop $next_place
            (br_if $place_done (i32.eqz (local.get $at)))
            (br_if $place_done (i32.ge_s
              (i32.load (i32.add (local.get $cand_uses) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 2))))
              (local.get $uses)))
            (if (i32.lt_u (local.get $at) (local.get $max_candidates)) (then
              (i32.store (i32.add (local.get $cand_uses) (i32.shl (local.get $at) (i32.const 2)))
                (i32.load (i32.add (local.get $cand_uses) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 2)))))
              (i32.store (i32.add (local.get $cand_t) (i32.shl (local.get $at) (i32.const 2)))
                (i32.load (i32.add (local.get $cand_t) (i32.shl (i32.sub (local.get $at) (i32.const 1)) (i32.const 2)))))))
            (local.set $at (i32.sub (local.get $at) (i32.const 1)))
            (br $next_place)))
          (if (i32.lt_u (local.get $at) (local.get $max_candidates)) (then
            (i32.store (i32.add (local.get $cand_uses) (i32.shl (local.get $at) (i32.const 2))) (local.get $uses))
            (i32.store (i32.add (local.get $cand_t) (i32.shl (local.get $at) (i32.const 2))) (local.get $t))
            (if (i32.lt_u (local.get $count) (local.get $max_candidates))
              (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))))))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $next_term)))
    ;; each candidate's gain
    (local.set $c (i32.const 0))
    (block $gains_done (loop $next_candidate
      (br_if $gains_done (i32.ge_u (local.get $c) (local.get $count)))
      (local.set $t (i32.load (i32.add (local.get $cand_t) (i32.shl (local.get $c) (i32.const 2)))))
      (local.set $from (i32.load (i32.add (local.get $start) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $to (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $t) (i32.const 1)) (i32.const 2)))))
      (local.set $n_touched (i32.const 0))
      (memory.fill (local.get $acc_dense) (i32.const 0) (i32.shl (i32.mul (local.get $dims) (local.get $k)) (i32.const 3)))
      (memory.fill (local.get $whole) (i32.const 0) (i32.shl (i32.add (local.get $width) (local.get $dims)) (i32.const 3)))
      (local.set $x (local.get $from))
      (block $members_done (loop $next_member
        (br_if $members_done (i32.ge_u (local.get $x) (local.get $to)))
        (local.set $i (i32.load (i32.add (local.get $byrows) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $q (i32.load (i32.add (local.get $assign) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
        (block $nz_done (loop $next_nz
          (br_if $nz_done (i32.ge_u (local.get $j) (local.get $end)))
          (local.set $t (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $val (f64.promote_f32 (f32.load (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2))))))
          (local.set $cell (i32.add (i32.mul (local.get $t) (local.get $k)) (local.get $q)))
          (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $cell) (i32.const 3))))
          (if (f64.eq (f64.load (local.get $p)) (f64.const 0)) (then
            (i32.store (i32.add (local.get $touched) (i32.shl (local.get $n_touched) (i32.const 2))) (local.get $cell))
            (local.set $n_touched (i32.add (local.get $n_touched) (i32.const 1)))))
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $val)))
          (local.set $p (i32.add (local.get $whole) (i32.shl (local.get $t) (i32.const 3))))
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $val)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $next_nz)))
        (local.set $d (i32.const 0))
        (block $dense_done (loop $next_d
          (br_if $dense_done (i32.ge_u (local.get $d) (local.get $dims)))
          (local.set $val (f64.promote_f32 (f32.load (i32.add (local.get $dense)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $dims)) (local.get $d)) (i32.const 2))))))
          (local.set $p (i32.add (local.get $acc_dense)
            (i32.shl (i32.add (i32.mul (local.get $d) (local.get $k)) (local.get $q)) (i32.const 3))))
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $val)))
          (local.set $p (i32.add (local.get $whole) (i32.shl (i32.add (local.get $width) (local.get $d)) (i32.const 3))))
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $val)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (br $next_d)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next_member)))
      (call $fill_f64 (local.get $dot) (f64.const 0) (local.get $k))
      (call $fill_f64 (local.get $own) (f64.const 0) (local.get $k))
      (local.set $x (i32.const 0))
      (block $touched_done (loop $next_touched
        (br_if $touched_done (i32.ge_u (local.get $x) (local.get $n_touched)))
        (local.set $cell (i32.load (i32.add (local.get $touched) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $q (i32.rem_u (local.get $cell) (local.get $k)))
        (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $cell) (i32.const 3))))
        (local.set $a (f64.load (local.get $p)))
        (call $dot_own (local.get $dot) (local.get $own) (local.get $q) (local.get $norms)
          (f64.promote_f32 (f32.load (i32.add (local.get $unit_cs) (i32.shl (local.get $cell) (i32.const 2)))))
          (local.get $a))
        (f64.store (local.get $p) (f64.const 0))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next_touched)))
      (local.set $x (i32.const 0))
      (block $dense_acc_done (loop $next_dense_acc
        (br_if $dense_acc_done (i32.ge_u (local.get $x) (i32.mul (local.get $dims) (local.get $k))))
        (call $dot_own (local.get $dot) (local.get $own) (i32.rem_u (local.get $x) (local.get $k)) (local.get $norms)
          (f64.promote_f32 (f32.load (i32.add (local.get $unit_cd) (i32.shl (local.get $x) (i32.const 2)))))
          (f64.load (i32.add (local.get $acc_dense) (i32.shl (local.get $x) (i32.const 3)))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next_dense_acc)))
      (local.set $gain (call $hypot (local.get $whole) (i32.add (local.get $width) (local.get $dims))))
      (local.set $q (i32.const 0))
      (block $q_done (loop $next_q
        (br_if $q_done (i32.ge_u (local.get $q) (local.get $k)))
        (local.set $a (f64.load (i32.add (local.get $own) (i32.shl (local.get $q) (i32.const 3)))))
        (if (f64.ne (local.get $a) (f64.const 0)) (then
          (local.set $norm (f64.load (i32.add (local.get $norms) (i32.shl (local.get $q) (i32.const 3)))))
          (local.set $gain (f64.add (local.get $gain)
            (f64.sub
              (f64.sqrt (f64.max (f64.const 0)
                (f64.add
                  (f64.sub (f64.mul (local.get $norm) (local.get $norm))
                    (f64.mul (f64.const 2) (f64.load (i32.add (local.get $dot) (i32.shl (local.get $q) (i32.const 3))))))
                  (local.get $a))))
              (local.get $norm))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next_q)))
      (f64.store (i32.add (local.get $gains) (i32.shl (local.get $c) (i32.const 3))) (local.get $gain))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $next_candidate)))
    (local.get $count))

  ;; dot[q] += unit · norms[q] · a; own[q] += a² (spread_term's sums over the touched cells).
  (func $dot_own (param $dot i32) (param $own i32) (param $q i32) (param $norms i32) (param $unit f64) (param $a f64)
    (local $p i32)
    (local.set $p (i32.add (local.get $dot) (i32.shl (local.get $q) (i32.const 3))))
    (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
      (f64.mul (f64.mul (local.get $unit) (f64.load (i32.add (local.get $norms) (i32.shl (local.get $q) (i32.const 3)))))
        (local.get $a))))
    (local.set $p (i32.add (local.get $own) (i32.shl (local.get $q) (i32.const 3))))
    (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.mul (local.get $a) (local.get $a)))))

    ;; kmeans.ts clusterSums: each theme's member sum (feature-major cs, cd; f32 sums as JavaScript's Float32Array
  ;; adds), its size and ‖sum‖ (squares over every sparse column, then the dense part); with `unit`, the sums are then
  ;; scaled to unit length (by 1 / ‖sum‖, or 1 for an empty theme), as mergeSplit's centroids.
  (func (export "cluster_sums")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32) (param $width i32)
    (param $rows i32) (param $m i32) (param $assign i32) (param $k i32) (param $cs i32) (param $cd i32)
    (param $sizes i32) (param $norms i32) (param $unit i32) (param $factors i32)
    (local $r i32) (local $i i32) (local $q i32) (local $j i32) (local $end i32) (local $p i32) (local $d i32)
    (local $o i32) (local $x i32) (local $k4 i32) (local $v f64)
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    (memory.fill (local.get $cs) (i32.const 0) (i32.mul (local.get $width) (local.get $k4)))
    (memory.fill (local.get $cd) (i32.const 0) (i32.mul (local.get $dims) (local.get $k4)))
    (memory.fill (local.get $sizes) (i32.const 0) (local.get $k4))
    (block $add_done (loop $next_add
      (br_if $add_done (i32.ge_u (local.get $r) (local.get $m)))
      (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $q (i32.load (i32.add (local.get $assign) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $p (i32.add (local.get $sizes) (i32.shl (local.get $q) (i32.const 2))))
      (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
      (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
      (block $nz_done (loop $next_nz
        (br_if $nz_done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $p (i32.add (local.get $cs)
          (i32.shl
            (i32.add
              (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))) (local.get $k))
              (local.get $q))
            (i32.const 2))))
        (f32.store (local.get $p)
          (f32.add (f32.load (local.get $p)) (f32.load (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next_nz)))
      (local.set $o (i32.add (local.get $dense) (i32.shl (i32.mul (local.get $i) (local.get $dims)) (i32.const 2))))
      (local.set $d (i32.const 0))
      (block $dense_done (loop $next_d
        (br_if $dense_done (i32.ge_u (local.get $d) (local.get $dims)))
        (local.set $p (i32.add (local.get $cd)
          (i32.shl (i32.add (i32.mul (local.get $d) (local.get $k)) (local.get $q)) (i32.const 2))))
        (f32.store (local.get $p)
          (f32.add (f32.load (local.get $p)) (f32.load (i32.add (local.get $o) (i32.shl (local.get $d) (i32.const 2))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $next_d)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next_add)))
    (call $fill_f64 (local.get $norms) (f64.const 0) (local.get $k))
    (local.set $x (i32.const 0))
    (block $sq_done (loop $next_sq
      (br_if $sq_done (i32.ge_u (local.get $x) (local.get $width)))
      (call $square_run (i32.add (local.get $cs) (i32.mul (local.get $x) (local.get $k4))) (local.get $norms) (local.get $k))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_sq)))
    (local.set $x (i32.const 0))
    (block $dsq_done (loop $next_dsq
      (br_if $dsq_done (i32.ge_u (local.get $x) (local.get $dims)))
      (call $square_run (i32.add (local.get $cd) (i32.mul (local.get $x) (local.get $k4))) (local.get $norms) (local.get $k))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_dsq)))
    (local.set $q (i32.const 0))
    (block $sqrt_done (loop $next_sqrt
      (br_if $sqrt_done (i32.ge_u (local.get $q) (local.get $k)))
      (local.set $p (i32.add (local.get $norms) (i32.shl (local.get $q) (i32.const 3))))
      (local.set $v (f64.sqrt (f64.load (local.get $p))))
      (f64.store (local.get $p) (local.get $v))
      (f64.store (i32.add (local.get $factors) (i32.shl (local.get $q) (i32.const 3)))
        (select (f64.div (f64.const 1) (local.get $v)) (f64.const 1) (f64.gt (local.get $v) (f64.const 0))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next_sqrt)))
    (if (local.get $unit) (then
      (local.set $x (i32.const 0))
      (block $sc_done (loop $next_sc
        (br_if $sc_done (i32.ge_u (local.get $x) (local.get $width)))
        (call $scale_run (i32.add (local.get $cs) (i32.mul (local.get $x) (local.get $k4))) (local.get $factors) (local.get $k))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next_sc)))
      (local.set $x (i32.const 0))
      (block $dsc_done (loop $next_dsc
        (br_if $dsc_done (i32.ge_u (local.get $x) (local.get $dims)))
        (call $scale_run (i32.add (local.get $cd) (i32.mul (local.get $x) (local.get $k4))) (local.get $factors) (local.get $k))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next_dsc))))))

  ;; kmeans.ts sumNorm: ‖Σ rows‖ of list[0..count), summed in doubles over [sparse width | dims] (v, scratch).
  (func (export "sum_norm")
    (param $row_ptr i32) (param $cols i32) (param $vals i32) (param $dense i32) (param $dims i32) (param $width i32)
    (param $list i32) (param $count i32) (param $v i32) (result f64)
    (local $r i32) (local $i i32) (local $j i32) (local $end i32) (local $p i32) (local $d i32) (local $x i32)
    (local $s f64) (local $a f64)
    (memory.fill (local.get $v) (i32.const 0) (i32.shl (i32.add (local.get $width) (local.get $dims)) (i32.const 3)))
    (block $done (loop $next_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $count)))
      (local.set $i (i32.load (i32.add (local.get $list) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
      (block $nz_done (loop $next_nz
        (br_if $nz_done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $p (i32.add (local.get $v)
          (i32.shl (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 3))))
        (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
          (f64.promote_f32 (f32.load (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next_nz)))
      (local.set $d (i32.const 0))
      (block $dense_done (loop $next_d
        (br_if $dense_done (i32.ge_u (local.get $d) (local.get $dims)))
        (local.set $p (i32.add (local.get $v) (i32.shl (i32.add (local.get $width) (local.get $d)) (i32.const 3))))
        (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
          (f64.promote_f32 (f32.load (i32.add (local.get $dense)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $dims)) (local.get $d)) (i32.const 2)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $next_d)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next_row)))
    (block $sq_done (loop $next_sq
      (br_if $sq_done (i32.ge_u (local.get $x) (i32.add (local.get $width) (local.get $dims))))
      (local.set $a (f64.load (i32.add (local.get $v) (i32.shl (local.get $x) (i32.const 3)))))
      (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $next_sq)))
    (f64.sqrt (local.get $s)))

    ;; pca.ts addUpperProducts: cov[a · d + b] += x[i · d + a] · x[i · d + b] for b ≥ a, over every step-th of the n
  ;; rows of x (n × d f32); rows' zero values are skipped, as in JavaScript.
  (func (export "upper_products") (param $x i32) (param $n i32) (param $d i32) (param $step i32) (param $cov i32)
    (local $i i32) (local $o i32) (local $a i32) (local $va f64)
    (block $done (loop $next_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $d)) (i32.const 2))))
      (local.set $a (i32.const 0))
      (block $row_done (loop $next_a
        (br_if $row_done (i32.ge_u (local.get $a) (local.get $d)))
        (local.set $va (f64.promote_f32 (f32.load (i32.add (local.get $o) (i32.shl (local.get $a) (i32.const 2))))))
        (if (f64.ne (local.get $va) (f64.const 0)) (then
          (call $axpy_f32
            (i32.add (local.get $cov)
              (i32.shl (i32.add (i32.mul (local.get $a) (local.get $d)) (local.get $a)) (i32.const 3)))
            (i32.add (local.get $o) (i32.shl (local.get $a) (i32.const 2)))
            (local.get $va)
            (i32.sub (local.get $d) (local.get $a)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next_a)))
      (local.set $i (i32.add (local.get $i) (local.get $step)))
      (br $next_row))))

    ;; kmeans.ts activeColumns: the sparse columns rows[0..m) use, ascending, written to out; returns their number.
  ;; used: width bytes of scratch.
  (func (export "active_columns") (param $row_ptr i32) (param $cols i32) (param $rows i32) (param $m i32)
    (param $width i32) (param $used i32) (param $out i32) (result i32)
    (local $r i32) (local $i i32) (local $j i32) (local $end i32) (local $t i32) (local $count i32)
    (memory.fill (local.get $used) (i32.const 0) (local.get $width))
    (block $done (loop $next_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $m)))
      (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
      (block $nz_done (loop $next_nz
        (br_if $nz_done (i32.ge_u (local.get $j) (local.get $end)))
        (i32.store8 (i32.add (local.get $used) (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))))
          (i32.const 1))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next_nz)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next_row)))
    (block $list_done (loop $next_t
      (br_if $list_done (i32.ge_u (local.get $t) (local.get $width)))
      (if (i32.load8_u (i32.add (local.get $used) (local.get $t))) (then
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $t))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $next_t)))
    (local.get $count))

    ;; kmeans.ts refineNaiveBayes: up to `rounds` hard-EM rounds of naive Bayes over term presence; a[r] is the theme
  ;; of rows[r] (read and updated). Returns the rounds run before one moved at most 0.1 % of rows (as JavaScript).
  ;; Scratch: counts, logp (width · k f64), totals, sizes, base, scores (k f64), votes (width bytes); table: the
  ;; log((c + smoothing) / smoothing) for c = 0..m.
  (func (export "nb_rounds")
    (param $row_ptr i32) (param $cols i32) (param $rows i32) (param $m i32) (param $a i32) (param $k i32)
    (param $width i32) (param $rounds i32) (param $smoothing f64) (param $vocab f64) (param $min_c f64)
    (param $table i32) (param $counts i32) (param $logp i32) (param $totals i32) (param $sizes i32)
    (param $base i32) (param $scores i32) (param $votes i32)
    (result i32)
    (local $round i32) (local $r i32) (local $i i32) (local $j i32) (local $end i32) (local $q i32) (local $t i32)
    (local $p i32) (local $x i32) (local $sum f64) (local $max f64) (local $c f64) (local $nnz i32) (local $bq i32)
    (local $own i32) (local $moved i32) (local $row_bytes i32) (local $cells i32)
    (local.set $row_bytes (i32.shl (local.get $k) (i32.const 3)))
    (local.set $cells (i32.mul (local.get $width) (local.get $k)))
    (block $rounds_done (loop $next_round
      (br_if $rounds_done (i32.ge_u (local.get $round) (local.get $rounds)))
      ;; countTerms
      (memory.fill (local.get $counts) (i32.const 0) (i32.shl (local.get $cells) (i32.const 3)))
      (call $fill_f64 (local.get $totals) (f64.const 0) (local.get $k))
      (call $fill_f64 (local.get $sizes) (f64.const 0) (local.get $k))
      (local.set $r (i32.const 0))
      (block $count_done (loop $count_row
        (br_if $count_done (i32.ge_u (local.get $r) (local.get $m)))
        (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $q (i32.load (i32.add (local.get $a) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $p (i32.add (local.get $sizes) (i32.shl (local.get $q) (i32.const 3))))
        (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 1)))
        (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
        (block $nz_done (loop $next_nz
          (br_if $nz_done (i32.ge_u (local.get $j) (local.get $end)))
          (local.set $p (i32.add (local.get $counts)
            (i32.shl
              (i32.add
                (i32.mul (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))) (local.get $k))
                (local.get $q))
              (i32.const 3))))
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 1)))
          (local.set $p (i32.add (local.get $totals) (i32.shl (local.get $q) (i32.const 3))))
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 1)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $next_nz)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $count_row)))
      ;; votes: every term, or (concentratedTerms) only terms with ≥ min_c of their uses in one theme
      (memory.fill (local.get $votes) (i32.const 1) (local.get $width))
      (if (f64.gt (local.get $min_c) (f64.const 0)) (then
        (call $fill_f64 (local.get $totals) (f64.const 0) (local.get $k))
        (local.set $t (i32.const 0))
        (block $terms_done (loop $next_term
          (br_if $terms_done (i32.ge_u (local.get $t) (local.get $width)))
          (local.set $p (i32.add (local.get $counts) (i32.mul (local.get $t) (local.get $row_bytes))))
          (local.set $sum (f64.const 0))
          (local.set $max (f64.const 0))
          (local.set $q (i32.const 0))
          (block $q_done (loop $next_q
            (br_if $q_done (i32.ge_u (local.get $q) (local.get $k)))
            (local.set $c (f64.load (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 3)))))
            (local.set $sum (f64.add (local.get $sum) (local.get $c)))
            (if (f64.gt (local.get $c) (local.get $max)) (then (local.set $max (local.get $c))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $next_q)))
          (if (i32.and
                (f64.gt (local.get $sum) (f64.const 0))
                (f64.lt (local.get $max) (f64.mul (local.get $min_c) (local.get $sum))))
            (then (i32.store8 (i32.add (local.get $votes) (local.get $t)) (i32.const 0)))
            (else (call $add_f64 (local.get $totals) (local.get $p) (local.get $k))))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br $next_term)))))
      ;; base[q] = log(smoothing / (totals[q] + smoothing · vocabulary))
      (local.set $q (i32.const 0))
      (block $base_done (loop $next_base
        (br_if $base_done (i32.ge_u (local.get $q) (local.get $k)))
        (f64.store (i32.add (local.get $base) (i32.shl (local.get $q) (i32.const 3)))
          (call $log
            (f64.div (local.get $smoothing)
              (f64.add
                (f64.load (i32.add (local.get $totals) (i32.shl (local.get $q) (i32.const 3))))
                (f64.mul (local.get $smoothing) (local.get $vocab))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next_base)))
      ;; logOfCounts: logp = table[counts] where the term votes
      (local.set $t (i32.const 0))
      (block $log_done (loop $next_log_term
        (br_if $log_done (i32.ge_u (local.get $t) (local.get $width)))
        (if (i32.load8_u (i32.add (local.get $votes) (local.get $t))) (then
          (local.set $x (i32.mul (local.get $t) (local.get $k)))
          (local.set $end (i32.add (local.get $x) (local.get $k)))
          (block $cell_done (loop $next_cell
            (br_if $cell_done (i32.ge_u (local.get $x) (local.get $end)))
            (f64.store (i32.add (local.get $logp) (i32.shl (local.get $x) (i32.const 3)))
              (f64.load (i32.add (local.get $table)
                (i32.shl
                  (i32.trunc_f64_u (f64.load (i32.add (local.get $counts) (i32.shl (local.get $x) (i32.const 3)))))
                  (i32.const 3)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next_cell)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $next_log_term)))
      ;; moveRows
      (local.set $moved (i32.const 0))
      (local.set $r (i32.const 0))
      (block $move_done (loop $move_row
        (br_if $move_done (i32.ge_u (local.get $r) (local.get $m)))
        (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $j (i32.load (i32.add (local.get $row_ptr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $row_ptr) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
        (local.set $nnz (i32.const 0))
        (local.set $x (local.get $j))
        (block $nnz_done (loop $next_nnz
          (br_if $nnz_done (i32.ge_u (local.get $x) (local.get $end)))
          (local.set $nnz (i32.add (local.get $nnz)
            (i32.load8_u (i32.add (local.get $votes)
              (i32.load (i32.add (local.get $cols) (i32.shl (local.get $x) (i32.const 2))))))))
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br $next_nnz)))
        ;; No voting term (or no term): the row keeps its theme.
        (if (local.get $nnz) (then
          (local.set $q (i32.const 0))
          (block $init_done (loop $next_init
            (br_if $init_done (i32.ge_u (local.get $q) (local.get $k)))
            (f64.store (i32.add (local.get $scores) (i32.shl (local.get $q) (i32.const 3)))
              (f64.mul (f64.convert_i32_u (local.get $nnz))
                (f64.load (i32.add (local.get $base) (i32.shl (local.get $q) (i32.const 3))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $next_init)))
          (block $add_done (loop $next_add
            (br_if $add_done (i32.ge_u (local.get $j) (local.get $end)))
            (local.set $t (i32.load (i32.add (local.get $cols) (i32.shl (local.get $j) (i32.const 2)))))
            (if (i32.load8_u (i32.add (local.get $votes) (local.get $t))) (then
              (call $add_f64 (local.get $scores)
                (i32.add (local.get $logp) (i32.mul (local.get $t) (local.get $row_bytes)))
                (local.get $k))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_add)))
          (local.set $bq (call $argmax (local.get $scores) (local.get $k)))
          (local.set $own (i32.load (i32.add (local.get $a) (i32.shl (local.get $r) (i32.const 2)))))
          ;; Never shrink a theme below two replies.
          (if (i32.and
                (i32.ne (local.get $bq) (local.get $own))
                (f64.gt (f64.load (i32.add (local.get $sizes) (i32.shl (local.get $own) (i32.const 3)))) (f64.const 2)))
            (then
              (local.set $p (i32.add (local.get $sizes) (i32.shl (local.get $own) (i32.const 3))))
              (f64.store (local.get $p) (f64.sub (f64.load (local.get $p)) (f64.const 1)))
              (local.set $p (i32.add (local.get $sizes) (i32.shl (local.get $bq) (i32.const 3))))
              (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.const 1)))
              (i32.store (i32.add (local.get $a) (i32.shl (local.get $r) (i32.const 2))) (local.get $bq))
              (local.set $moved (i32.add (local.get $moved) (i32.const 1)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $move_row)))
      (br_if $rounds_done
        (f64.le (f64.convert_i32_u (local.get $moved)) (f64.mul (f64.convert_i32_u (local.get $m)) (f64.const 0.001))))
      (local.set $round (i32.add (local.get $round) (i32.const 1)))
      (br $next_round)))
    (local.get $round))
)
