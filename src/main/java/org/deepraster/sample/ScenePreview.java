package org.deepraster.sample;
final class ScenePreview { public static void main(String[] a) throws Exception {
  long t=System.nanoTime(); SceneRenderer r=new SceneRenderer(Integer.parseInt(a[0]), Long.parseLong(a[1])); r.render();
  System.out.println("render ms "+(System.nanoTime()-t)/1e6+" buildings "+r.buildings.size()+" trees "+r.trees.size()+" cars "+r.cars.size());
  javax.imageio.ImageIO.write(r.rgb,"png",new java.io.File(a[2]));
  java.awt.image.BufferedImage crop=r.rgb.getSubimage(0,0,600,600); javax.imageio.ImageIO.write(crop,"png",new java.io.File(a[2].replace(".png","_crop.png")));
}}
